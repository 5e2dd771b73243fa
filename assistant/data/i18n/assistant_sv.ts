<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AboutGroup</name>
    <message>
        <source>Calls</source>
        <translation>Samtal</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Logg</translation>
    </message>
    <message>
        <source>About: Listening assistant %1</source>
        <translation>Om: Lyssningsassistent %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppna</translation>
    </message>
    <message>
        <source>Open %1 in the file manager</source>
        <translation>Öppna %1 i filhanteraren</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Some settings were reset: %1</source>
        <translation>Vissa inställningar återställdes: %1</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>no speech model is installed: run `assistant models install` in a terminal (or choose a model folder in Settings), then start again</source>
        <translation>ingen talmodell är installerad: kör `assistant models install` i en terminal (eller välj en modellmapp under Inställningar) och starta igen</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Samtal %1</translation>
    </message>
    <message>
        <source>Demo call</source>
        <translation>Demosamtal</translation>
    </message>
    <message>
        <source>Demo call at %1× speed</source>
        <translation>Demosamtal i %1× hastighet</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Call ended: %1, %2</source>
        <translation>Samtalet avslutat: %1, %2</translation>
    </message>
    <message>
        <source>1 talk-over</source>
        <translation>pratade i mun 1 gång</translation>
    </message>
    <message>
        <source>%n talk-overs</source>
        <translation>pratade i mun %n gånger</translation>
    </message>
    <message>
        <source>1 repeated request</source>
        <translation>1 upprepad begäran</translation>
    </message>
    <message>
        <source>%n repeated requests</source>
        <translation>%n upprepade begäranden</translation>
    </message>
    <message>
        <source>saved in the library</source>
        <translation>sparat i biblioteket</translation>
    </message>
    <message>
        <source>Your feedback could not be saved: %1</source>
        <translation>Din återkoppling kunde inte sparas: %1</translation>
    </message>
</context>
<context>
    <name>CallAudio</name>
    <message>
        <source>the sound system library PortAudio is missing, so no audio device can be opened: install it (Debian/Ubuntu: sudo apt install libportaudio2) and restart the app</source>
        <translation>ljudbiblioteket PortAudio saknas, så ingen ljudenhet kan öppnas: installera det (Debian/Ubuntu: sudo apt install libportaudio2) och starta om appen</translation>
    </message>
    <message>
        <source>no microphone or other input device was found: connect a headset (or check the sound settings of this computer), then choose it in Settings</source>
        <translation>ingen mikrofon eller annan ingångsenhet hittades: anslut ett headset (eller kontrollera datorns ljudinställningar) och välj det sedan under Inställningar</translation>
    </message>
    <message>
        <source>choose your microphone and the customer&apos;s audio in Settings first (or play the demo call)</source>
        <translation>välj först din mikrofon och kundens ljud under Inställningar (eller spela upp demosamtalet)</translation>
    </message>
</context>
<context>
    <name>CaptureHelp</name>
    <message>
        <source>plays the computer&apos;s sound</source>
        <translation>spelar upp datorns ljud</translation>
    </message>
    <message>
        <source>Or use a stereo call-recording adapter (agent on one channel, customer on the other) and choose “One stereo device”.</source>
        <translation>Eller använd en stereoadapter för samtalsinspelning (handläggaren på en kanal, kunden på den andra) och välj ”En stereoenhet”.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: the “Monitor of” your headset or speakers — PulseAudio and PipeWire offer one for every output, and it carries exactly what you hear.</source>
        <translation>Din röst: headsetets mikrofon. Kunden: ”Monitor of” för ditt headset eller dina högtalare – PulseAudio och PipeWire har en för varje utgång, och den innehåller precis det du hör.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: a loopback of the output you hear them on — a WASAPI “[Loopback]” device, “Stereo Mix” (enable it under Sound → Recording), or VB-Cable with the softphone&apos;s output set to it.</source>
        <translation>Din röst: headsetets mikrofon. Kunden: en loopback av utgången du hör kunden i – en WASAPI-enhet ”[Loopback]”, ”Stereomix” (aktivera den under Ljud → Inspelning) eller VB-Cable med softphonens utgång inställd på den.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: macOS cannot record its own output, so install BlackHole, make a Multi-Output Device (Audio MIDI Setup) with your headset and BlackHole, set the softphone&apos;s output to it, and choose BlackHole here.</source>
        <translation>Din röst: headsetets mikrofon. Kunden: macOS kan inte spela in sitt eget ljud, så installera BlackHole, skapa en enhet med flera utgångar (Ljud-MIDI-inställning) med ditt headset och BlackHole, ställ in softphonens utgång på den och välj BlackHole här.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: an input that carries what you hear (a monitor or loopback of the output).</source>
        <translation>Din röst: headsetets mikrofon. Kunden: en ingång som innehåller det du hör (en monitor eller loopback av utgången).</translation>
    </message>
</context>
<context>
    <name>CompactPanel</name>
    <message>
        <source>Listening assistant</source>
        <translation>Lyssningsassistent</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppa</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starta</translation>
    </message>
    <message>
        <source>Full view</source>
        <translation>Helt fönster</translation>
    </message>
    <message>
        <source>Back to the full window (Ctrl+Shift+M)</source>
        <translation>Tillbaka till hela fönstret (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Redo</translation>
    </message>
</context>
<context>
    <name>DevicesGroup</name>
    <message>
        <source>Audio devices</source>
        <translation>Ljudenheter</translation>
    </message>
    <message>
        <source>My microphone + the customer&apos;s audio</source>
        <translation>Min mikrofon + kundens ljud</translation>
    </message>
    <message>
        <source>One stereo device (call-recording adapter)</source>
        <translation>En stereoenhet (adapter för samtalsinspelning)</translation>
    </message>
    <message>
        <source>Your voice</source>
        <translation>Din röst</translation>
    </message>
    <message>
        <source>The customer</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>You are on the</source>
        <translation>Du är på</translation>
    </message>
    <message>
        <source>left channel</source>
        <translation>vänster kanal</translation>
    </message>
    <message>
        <source>right channel</source>
        <translation>höger kanal</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testa</translation>
    </message>
    <message>
        <source>Show this device&apos;s level for a moment: speak, or play something</source>
        <translation>Visa enhetens nivå en stund: prata, eller spela upp något</translation>
    </message>
    <message>
        <source>level</source>
        <translation>nivå</translation>
    </message>
    <message>
        <source>Look for devices again</source>
        <translation>Sök efter enheter igen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (inte ansluten)</translation>
    </message>
    <message>
        <source>Stereo device</source>
        <translation>Stereoenhet</translation>
    </message>
    <message>
        <source>That device is not connected right now.</source>
        <translation>Den enheten är inte ansluten just nu.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Kan inte öppna %1: %2</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>The assistant listens to your calls on this computer — nothing leaves it — and shows a short prompt when you talk over the customer, or when they have to repeat a request. To hear both of you it needs two inputs: your microphone, and the customer&apos;s audio as you hear it.</source>
        <translation>Assistenten lyssnar på dina samtal här på datorn – ingenting lämnar den – och visar en kort påminnelse när du pratar i mun med kunden eller när kunden måste upprepa något. För att höra er båda behöver den två ingångar: din mikrofon och kundens ljud så som du hör det.</translation>
    </message>
    <message>
        <source>Welcome to the listening assistant</source>
        <translation>Välkommen till lyssningsassistenten</translation>
    </message>
    <message>
        <source>Before your first call</source>
        <translation>Innan ditt första samtal</translation>
    </message>
    <message>
        <source>You can change this at any time in Settings. To see what the prompts look like first, close this and press “Play demo call”.</source>
        <translation>Du kan ändra detta när som helst under Inställningar. Vill du först se hur påminnelserna ser ut? Stäng det här och tryck på ”Spela upp demosamtal”.</translation>
    </message>
    <message>
        <source>Use these devices</source>
        <translation>Använd de här enheterna</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Inte nu</translation>
    </message>
</context>
<context>
    <name>LevelBar</name>
    <message>
        <source>%1 level</source>
        <translation>Nivå: %1</translation>
    </message>
</context>
<context>
    <name>LibraryFilterBar</name>
    <message>
        <source>English</source>
        <translation>Engelska</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Svenska</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>Danska</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>Norska</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Tyska</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finska</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>När som helst</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Senaste 7 dagarna</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Senaste 30 dagarna</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>I år</translation>
    </message>
    <message>
        <source>Since…</source>
        <translation>Sedan…</translation>
    </message>
    <message>
        <source>Search what was said, or a title…</source>
        <translation>Sök i det som sades, eller en titel…</translation>
    </message>
    <message>
        <source>Search the calls</source>
        <translation>Sök bland samtalen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Alla språk</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Talk-overs</source>
        <translation>Pratat i mun</translation>
    </message>
    <message>
        <source>Only calls with at least one talk-over</source>
        <translation>Bara samtal där du pratade i mun med kunden minst en gång</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Upprepningar</translation>
    </message>
    <message>
        <source>Only calls in which the customer had to repeat a request</source>
        <translation>Bara samtal där kunden fick upprepa en begäran</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Rensa filter</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Längd</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Talk-overs</source>
        <translation>Överlapp</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Upprepat</translation>
    </message>
    <message>
        <source>Live call</source>
        <translation>Direktsamtal</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Inspelning</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>language %1 · model %2</source>
        <translation>språk %1 · modell %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>okänt</translation>
    </message>
    <message>
        <source>Agent: %1</source>
        <translation>Agent: %1</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Taggar: %1</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Choose a call to read its transcript</source>
        <translation>Välj ett samtal för att läsa utskriften</translation>
    </message>
    <message>
        <source>language %1</source>
        <translation>språk %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>okänt</translation>
    </message>
    <message>
        <source>talk time %1</source>
        <translation>taltid %1</translation>
    </message>
    <message>
        <source>1 talk-over</source>
        <translation>pratade i mun 1 gång</translation>
    </message>
    <message>
        <source>%n talk-overs</source>
        <translation>pratade i mun %n gånger</translation>
    </message>
    <message>
        <source>1 repeated request</source>
        <translation>1 upprepad begäran</translation>
    </message>
    <message>
        <source>%n repeated requests</source>
        <translation>%n upprepade begäranden</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Obs! %1</translation>
    </message>
    <message>
        <source>Delete call</source>
        <translation>Radera samtal</translation>
    </message>
    <message>
        <source>Review call…</source>
        <translation>Granska samtal…</translation>
    </message>
    <message>
        <source>Open the call&apos;s review: summary, timeline, playback and corrections (or double-click it)</source>
        <translation>Öppna granskningen av samtalet: sammanfattning, tidslinje, uppspelning och rättelser (eller dubbelklicka på det)</translation>
    </message>
    <message>
        <source>Delete the selected call&apos;s transcript and the library&apos;s copy of its audio (your original files are kept)</source>
        <translation>Radera det valda samtalets utskrift och bibliotekets kopia av ljudet (dina originalfiler behålls)</translation>
    </message>
    <message>
        <source>Click again to delete</source>
        <translation>Klicka igen för att radera</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>Taggar…</translation>
    </message>
    <message>
        <source>Label the selected call (e.g. billing, escalated) to compare calls in the Team tab</source>
        <translation>Märk det valda samtalet (t.ex. faktura, eskalerat) för att jämföra samtal under fliken Team</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Taggar</translation>
    </message>
    <message>
        <source>Tags of this call, separated by commas:</source>
        <translation>Samtalets taggar, åtskilda med kommatecken:</translation>
    </message>
    <message>
        <source>agent %1</source>
        <translation>agent %1</translation>
    </message>
    <message>
        <source>tags: %1</source>
        <translation>taggar: %1</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <source>%1 starts or stops a call while this app has focus</source>
        <translation>%1 startar eller stoppar ett samtal när den här appen är aktiv</translation>
    </message>
    <message>
        <source>%1 starts or stops a call from any app</source>
        <translation>%1 startar eller stoppar ett samtal från vilken app som helst</translation>
    </message>
    <message>
        <source>Click to hide</source>
        <translation>Klicka för att dölja</translation>
    </message>
    <message>
        <source>Stop call</source>
        <translation>Avsluta samtal</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>Starta samtal</translation>
    </message>
    <message>
        <source>Play demo call</source>
        <translation>Spela upp demosamtal</translation>
    </message>
    <message>
        <source>Play a short recorded call through the assistant, as if it were happening now</source>
        <translation>Spela upp ett kort inspelat samtal genom assistenten, som om det pågick just nu</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>The computer is busy: transcription is catching up. Prompts about talking over the customer are not delayed.</source>
        <translation>Datorn är upptagen: utskriften hinner inte med. Påminnelser om att du pratar i mun med kunden kommer ändå direkt.</translation>
    </message>
    <message>
        <source>Compact mode</source>
        <translation>Kompakt läge</translation>
    </message>
    <message>
        <source>A slim panel that stays on top of other windows, for when the CRM is full-screen (Ctrl+Shift+M)</source>
        <translation>En smal panel som ligger ovanpå andra fönster, för när CRM-systemet täcker hela skärmen (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Transcript %1 s behind</source>
        <translation>Utskriften ligger %1 s efter</translation>
    </message>
    <message>
        <source>catching up with lighter decoding</source>
        <translation>kommer ikapp med lättare avkodning</translation>
    </message>
    <message>
        <source>Finishing the transcript…</source>
        <translation>Gör klart utskriften…</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Läser in modellen…</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Lyssnar</translation>
    </message>
    <message>
        <source>Saving the call…</source>
        <translation>Sparar samtalet…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Listening assistant</source>
        <translation>Lyssningsassistent</translation>
    </message>
    <message>
        <source>Live call</source>
        <translation>Pågående samtal</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliotek</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>Open recordings…</source>
        <translation>Öppna inspelningar…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Samtal</translation>
    </message>
    <message>
        <source>Start or stop call</source>
        <translation>Starta eller avsluta samtal</translation>
    </message>
    <message>
        <source>Works from any app</source>
        <translation>Fungerar från vilken app som helst</translation>
    </message>
    <message>
        <source>Works while this app has focus</source>
        <translation>Fungerar när den här appen är aktiv</translation>
    </message>
    <message>
        <source>Play demo call</source>
        <translation>Spela upp demosamtal</translation>
    </message>
    <message>
        <source>Compact mode</source>
        <translation>Kompakt läge</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Inställningar</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Inställningar…</translation>
    </message>
    <message>
        <source>Settings can be changed after this call</source>
        <translation>Inställningarna kan ändras efter samtalet</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
</context>
<context>
    <name>MetersPanel</name>
    <message>
        <source>Agent · your microphone</source>
        <translation>Handläggare · din mikrofon</translation>
    </message>
    <message>
        <source>Customer · their audio</source>
        <translation>Kund · kundens ljud</translation>
    </message>
    <message>
        <source>CALL TIME</source>
        <translation>SAMTALSTID</translation>
    </message>
    <message>
        <source>TALK AGENT / CUSTOMER %</source>
        <translation>DU / KUNDEN %</translation>
    </message>
    <message>
        <source>TALK-OVERS</source>
        <translation>PRATAT I MUN</translation>
    </message>
    <message>
        <source>REPEATS</source>
        <translation>UPPREPNINGAR</translation>
    </message>
    <message>
        <source>No sound from your microphone for %1 s: check the device in Settings.</source>
        <translation>Inget ljud från din mikrofon på %1 s: kontrollera enheten under Inställningar.</translation>
    </message>
    <message>
        <source>No sound from the customer&apos;s side for %1 s: check the device in Settings.</source>
        <translation>Inget ljud från kundens sida på %1 s: kontrollera enheten under Inställningar.</translation>
    </message>
</context>
<context>
    <name>PrivacyGroup</name>
    <message>
        <source>Identity numbers (personnummer, CPR)</source>
        <translation>Identitetsnummer (personnummer, CPR)</translation>
    </message>
    <message>
        <source>Card numbers</source>
        <translation>Kortnummer</translation>
    </message>
    <message>
        <source>IBAN and account numbers</source>
        <translation>IBAN och kontonummer</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <source>E-mail addresses</source>
        <translation>E-postadresser</translation>
    </message>
    <message>
        <source>Other numbers of 6+ digits</source>
        <translation>Andra nummer med 6+ siffror</translation>
    </message>
    <message>
        <source>Privacy: replaced by tags before anything is stored</source>
        <translation>Integritet: ersätts med taggar innan något sparas</translation>
    </message>
    <message>
        <source>Keep unredacted audio (recordings keep what transcripts hide)</source>
        <translation>Behåll ocensurerat ljud (inspelningarna behåller det som utskrifterna döljer)</translation>
    </message>
    <message>
        <source>Off: where words were redacted, the stored recording is silent for that utterance. On: card numbers, identity numbers and the like stay audible in the library&apos;s recordings.</source>
        <translation>Av: där ord har censurerats är den sparade inspelningen tyst under det yttrandet. På: kortnummer, personnummer och liknande hörs i bibliotekets inspelningar.</translation>
    </message>
    <message>
        <source>Values are replaced as soon as they are transcribed: the live view, library, exports and logs never hold them. Reviews count what was redacted.</source>
        <translation>Uppgifterna ersätts så snart de skrivs ut: direktvyn, biblioteket, exporter och loggar innehåller dem aldrig. Genomgångarna räknar vad som censurerades.</translation>
    </message>
</context>
<context>
    <name>PromptArea</name>
    <message>
        <source>Prompts appear here when the customer is talked over or has to repeat a request.</source>
        <translation>Här visas påminnelser när du pratar i mun med kunden eller när kunden måste upprepa något.</translation>
    </message>
</context>
<context>
    <name>PromptCard</name>
    <message>
        <source>TALK-OVER</source>
        <translation>PRATAR I MUN</translation>
    </message>
    <message>
        <source>REPEATED REQUEST</source>
        <translation>UPPREPAD BEGÄRAN</translation>
    </message>
    <message>
        <source>Not helpful</source>
        <translation>Hjälpte inte</translation>
    </message>
    <message>
        <source>Hide this prompt and note that it did not help (used to tune the prompts; stays on this computer)</source>
        <translation>Dölj påminnelsen och notera att den inte hjälpte (används för att finjustera påminnelserna; stannar på den här datorn)</translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message>
        <source>Markdown review (.md)</source>
        <translation>Granskning i Markdown (.md)</translation>
    </message>
    <message>
        <source>Web page with timeline (.html)</source>
        <translation>Webbsida med tidslinje (.html)</translation>
    </message>
    <message>
        <source>JSON (.json)</source>
        <translation>JSON (.json)</translation>
    </message>
    <message>
        <source>Subtitles (.srt)</source>
        <translation>Undertexter (.srt)</translation>
    </message>
    <message>
        <source>WebVTT (.vtt)</source>
        <translation>WebVTT (.vtt)</translation>
    </message>
    <message>
        <source>Plain text (.txt)</source>
        <translation>Ren text (.txt)</translation>
    </message>
    <message>
        <source>live call</source>
        <translation>direktsamtal</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>inspelning</translation>
    </message>
    <message>
        <source>demo call</source>
        <translation>demosamtal</translation>
    </message>
    <message>
        <source>No recording was kept for this call: the timeline shows where, without sound.</source>
        <translation>Ingen inspelning sparades för det här samtalet: tidslinjen visar var, men utan ljud.</translation>
    </message>
    <message>
        <source>Choose a call to review</source>
        <translation>Välj ett samtal att granska</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportera…</translation>
    </message>
    <message>
        <source>Save this call as a review (Markdown, a web page) or as JSON, subtitles or text, with your corrections</source>
        <translation>Spara samtalet som en granskning (Markdown, webbsida) eller som JSON, undertexter eller text, med dina rättelser</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Spela</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Spela eller pausa (blanksteg)</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Tillbaka till början</translation>
    </message>
    <message>
        <source>Click the timeline, a line of the transcript or a time in the summary to listen from there.</source>
        <translation>Klicka på tidslinjen, en rad i utskriften eller en tid i sammanfattningen för att lyssna därifrån.</translation>
    </message>
    <message>
        <source>language %1 · model %2</source>
        <translation>språk %1 · modell %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>okänt</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Export the call</source>
        <translation>Exportera samtalet</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review: %1</source>
        <translation>Granskning: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Detect (once, on the customer&apos;s first words)</source>
        <translation>Känn av (en gång, på kundens första ord)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engelska</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Svenska</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>Danska</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>Norska</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finska</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Tyska</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Nederländska</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Franska</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanska</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Language of the app</source>
        <translation>Appens språk</translation>
    </message>
    <message>
        <source>As the computer</source>
        <translation>Som datorn</translation>
    </message>
    <message>
        <source>As the window</source>
        <translation>Som fönstret</translation>
    </message>
    <message>
        <source>The window and the live prompts, whatever language the call is in</source>
        <translation>Fönstret och påminnelserna under samtalet, oavsett vilket språk samtalet förs på</translation>
    </message>
    <message>
        <source>Call reviews and exported Markdown and HTML reports</source>
        <translation>Samtalsgranskningar och exporterade rapporter i Markdown och HTML</translation>
    </message>
    <message>
        <source>Window and prompts</source>
        <translation>Fönster och påminnelser</translation>
    </message>
    <message>
        <source>Reviews and exports</source>
        <translation>Granskningar och export</translation>
    </message>
    <message>
        <source>Speech recognition</source>
        <translation>Taligenkänning</translation>
    </message>
    <message>
        <source>Language of the calls</source>
        <translation>Samtalens språk</translation>
    </message>
    <message>
        <source>A model installed under the models folder, or a model folder</source>
        <translation>En modell installerad i modellmappen, eller en modellmapp</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>Modellmapp</translation>
    </message>
    <message>
        <source>multilingual</source>
        <translation>flerspråkig</translation>
    </message>
    <message>
        <source>English only</source>
        <translation>bara engelska</translation>
    </message>
    <message>
        <source>no model installed: run `assistant models install`</source>
        <translation>ingen modell installerad: kör `assistant models install`</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Påminnelser</translation>
    </message>
    <message>
        <source>“Let them finish” when I talk over the customer</source>
        <translation>”Låt kunden prata klart” när jag pratar i mun med kunden</translation>
    </message>
    <message>
        <source>When the customer has to repeat a request</source>
        <translation>När kunden måste upprepa en begäran</translation>
    </message>
    <message>
        <source>How long both of you must speak at once before it counts as talking over them. Lower is more sensitive; short “mm-hmm”s never count.</source>
        <translation>Hur länge ni båda måste prata samtidigt innan det räknas som att du pratar i mun med kunden. Lägre värde ger känsligare påminnelser; korta ”mm” räknas aldrig.</translation>
    </message>
    <message>
        <source>Talk-over after</source>
        <translation>Pratat i mun efter</translation>
    </message>
    <message>
        <source>Calls and data (kept on this computer only)</source>
        <translation>Samtal och data (sparas bara på den här datorn)</translation>
    </message>
    <message>
        <source>Keep audio and transcript</source>
        <translation>Spara ljud och utskrift</translation>
    </message>
    <message>
        <source>Keep the transcript only</source>
        <translation>Spara bara utskriften</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datamapp</translation>
    </message>
    <message>
        <source>Call library folder</source>
        <translation>Mapp för samtalsbiblioteket</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Följ systemet</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Mörkt</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Ljust</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>A new data folder or theme takes effect when the app starts again.</source>
        <translation>En ny datamapp eller ett nytt tema gäller från nästa gång appen startas.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ditt namn</translation>
    </message>
    <message>
        <source>e.g. Anna Berg</source>
        <translation>t.ex. Anna Berg</translation>
    </message>
    <message>
        <source>Saved with each call you take, so a team lead can compare calls across agents (Team tab, `assistant calls stats`)</source>
        <translation>Sparas med varje samtal du tar, så att en teamledare kan jämföra samtal mellan agenter (fliken Team, `assistant calls stats`)</translation>
    </message>
</context>
<context>
    <name>Speaker</name>
    <message>
        <source>Agent</source>
        <translation>Handläggare</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Talare</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Summary of the call</source>
        <translation>Sammanfattning av samtalet</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Call timeline</source>
        <translation>Samtalets tidslinje</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Inget samtal</translation>
    </message>
    <message>
        <source>zoomed</source>
        <translation>inzoomat</translation>
    </message>
    <message>
        <source>events</source>
        <translation>händelser</translation>
    </message>
    <message>
        <source>Listen from %1</source>
        <translation>Lyssna från %1</translation>
    </message>
</context>
<context>
    <name>TranscribePanel</name>
    <message>
        <source>1 recording</source>
        <translation>1 inspelning</translation>
    </message>
    <message>
        <source>%n recordings</source>
        <translation>%n inspelningar</translation>
    </message>
    <message>
        <source>Open recordings…</source>
        <translation>Öppna inspelningar…</translation>
    </message>
    <message>
        <source>Transcribe call recordings into the library (stereo: one party per channel). You can also drop files here.</source>
        <translation>Skriv ut samtalsinspelningar till biblioteket (stereo: en part per kanal). Du kan också släppa filer här.</translation>
    </message>
    <message>
        <source>Drop recordings anywhere on this window to transcribe them.</source>
        <translation>Släpp inspelningar var som helst i fönstret för att skriva ut dem.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Stop transcribing; files already finished stay in the library</source>
        <translation>Sluta skriva ut; filer som redan är klara ligger kvar i biblioteket</translation>
    </message>
    <message>
        <source>Transcribe recordings</source>
        <translation>Skriv ut inspelningar</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Avbryter…</translation>
    </message>
    <message>
        <source>Loading the speech model…</source>
        <translation>Läser in talmodellen…</translation>
    </message>
    <message>
        <source>Starting to transcribe %1…</source>
        <translation>Börjar skriva ut %1…</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>inspelning</translation>
    </message>
    <message>
        <source>Transcribing %1 (%2 of %3)</source>
        <translation>Skriver ut %1 (%2 av %3)</translation>
    </message>
    <message>
        <source>Cancelled after %1.</source>
        <translation>Avbrutet efter %1.</translation>
    </message>
    <message>
        <source>Done: %1 added to the library, %2 could not be read.</source>
        <translation>Klart: %1 har lagts in i biblioteket, %2 gick inte att läsa.</translation>
    </message>
    <message>
        <source>Done: %1 added to the library.</source>
        <translation>Klart: %1 har lagts in i biblioteket.</translation>
    </message>
    <message>
        <source>1 more waiting</source>
        <translation>1 till väntar</translation>
    </message>
    <message>
        <source>%n more waiting</source>
        <translation>%n till väntar</translation>
    </message>
</context>
<context>
    <name>TranscriptEditor</name>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Talare</translation>
    </message>
    <message>
        <source>Said</source>
        <translation>Sagt</translation>
    </message>
    <message>
        <source>Cut-off</source>
        <translation>Avbrott</translation>
    </message>
    <message>
        <source>Talk-over</source>
        <translation>Pratat i mun</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Upprepning</translation>
    </message>
    <message>
        <source>Corrected. Recognised as: “%1”</source>
        <translation>Rättad. Igenkänt som: ”%1”</translation>
    </message>
    <message>
        <source>Click to listen from here; double-click to correct the words</source>
        <translation>Klicka för att lyssna härifrån; dubbelklicka för att rätta orden</translation>
    </message>
    <message>
        <source>Click to listen from here</source>
        <translation>Klicka för att lyssna härifrån</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Utskrift</translation>
    </message>
    <message>
        <source>Listen from here</source>
        <translation>Lyssna härifrån</translation>
    </message>
    <message>
        <source>Correct the words…</source>
        <translation>Rätta orden…</translation>
    </message>
    <message>
        <source>Restore the recognised words</source>
        <translation>Återställ de igenkända orden</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>The conversation appears here as it is transcribed.</source>
        <translation>Samtalet visas här allteftersom det skrivs ut.</translation>
    </message>
    <message>
        <source>↓ Latest</source>
        <translation>↓ Senaste</translation>
    </message>
    <message>
        <source>Scroll back to the newest words and follow them again</source>
        <translation>Rulla tillbaka till de senaste orden och följ dem igen</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (du)</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Start call</source>
        <translation>Starta samtal</translation>
    </message>
    <message>
        <source>Stop call</source>
        <translation>Avsluta samtal</translation>
    </message>
    <message>
        <source>Compact panel</source>
        <translation>Kompakt panel</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Visa fönstret</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>Listening assistant</source>
        <translation>Lyssningsassistent</translation>
    </message>
    <message>
        <source>Listening assistant: in a call</source>
        <translation>Lyssningsassistent: i ett samtal</translation>
    </message>
</context>
<context>
    <name>TeamView</name>
    <message>
        <source>All time</source>
        <translation>Hela perioden</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Senaste 4 veckorna</translation>
    </message>
    <message>
        <source>Last 13 weeks</source>
        <translation>Senaste 13 veckorna</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Senaste 12 månaderna</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Per vecka</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Per dag</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alla</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Samtal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tagg</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Exportera PNG…</translation>
    </message>
    <message>
        <source>Save these charts as a PNG image</source>
        <translation>Spara diagrammen som en PNG-bild</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Räknar…</translation>
    </message>
    <message>
        <source>No finished calls match.</source>
        <translation>Inga avslutade samtal matchar.</translation>
    </message>
    <message>
        <source>Export the charts</source>
        <translation>Exportera diagrammen</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-bild (*.png)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>kan inte skriva %1: %2</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 samtal</translation>
    </message>
    <message>
        <source>%n calls</source>
        <translation>%n samtal</translation>
    </message>
    <message>
        <source>%1 talk-overs per hour of agent talk</source>
        <translation>pratade i mun %1 gånger per timme agenten talar</translation>
    </message>
    <message>
        <source>%1% with a repeated request</source>
        <translation>%1 % med en upprepad begäran</translation>
    </message>
    <message>
        <source>agent talks %1% (median)</source>
        <translation>agenten pratar %1 % (median)</translation>
    </message>
    <message>
        <source>longest monologue %1 s (median)</source>
        <translation>längsta monolog %1 s (median)</translation>
    </message>
    <message>
        <source>cues per call: %1 good, %2 poor</source>
        <translation>signaler per samtal: %1 bra, %2 dåliga</translation>
    </message>
</context>
<context>
    <name>TeamCharts</name>
    <message>
        <source>No finished calls match.</source>
        <translation>Inga avslutade samtal matchar.</translation>
    </message>
    <message>
        <source>Talk-overs per hour of agent talk</source>
        <translation>Pratat i mun per timme agenten talar</translation>
    </message>
    <message>
        <source>Calls with a repeated request (%)</source>
        <translation>Samtal med en upprepad begäran (%)</translation>
    </message>
    <message>
        <source>Listening cues per call</source>
        <translation>Lyssnarsignaler per samtal</translation>
    </message>
    <message>
        <source>good (empathy, …)</source>
        <translation>bra (empati, …)</translation>
    </message>
    <message>
        <source>poor (policy, …)</source>
        <translation>dåliga (regler, …)</translation>
    </message>
    <message>
        <source>Requests most often repeated</source>
        <translation>Oftast upprepade begäranden</translation>
    </message>
    <message>
        <source>none repeated</source>
        <translation>inga upprepade</translation>
    </message>
    <message>
        <source>Agent's share of the talk (calls)</source>
        <translation>Agentens andel av talet (samtal)</translation>
    </message>
    <message>
        <source>Agent's longest monologue (calls)</source>
        <translation>Agentens längsta monolog (samtal)</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>sekunder</translation>
    </message>
    <message>
        <source>Other (no type)</source>
        <translation>Annat (ingen typ)</translation>
    </message>
</context>
</TS>
