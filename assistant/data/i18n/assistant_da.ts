<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>AboutGroup</name>
    <message>
        <source>Calls</source>
        <translation>Opkald</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>About: Listening assistant %1</source>
        <translation>Om: Lytteassistent %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Åbn</translation>
    </message>
    <message>
        <source>Open %1 in the file manager</source>
        <translation>Åbn %1 i filhåndteringen</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Some settings were reset: %1</source>
        <translation>Nogle indstillinger blev nulstillet: %1</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>no speech model is installed: run `assistant models install` in a terminal (or choose a model folder in Settings), then start again</source>
        <translation>der er ikke installeret nogen talemodel: kør `assistant models install` i en terminal (eller vælg en modelmappe under Indstillinger), og start igen</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Opkald %1</translation>
    </message>
    <message>
        <source>Demo call</source>
        <translation>Demoopkald</translation>
    </message>
    <message>
        <source>Demo call at %1× speed</source>
        <translation>Demoopkald i %1× hastighed</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Klar</translation>
    </message>
    <message>
        <source>Call ended: %1, %2</source>
        <translation>Opkaldet er slut: %1, %2</translation>
    </message>
    <message>
        <source>1 talk-over</source>
        <translation>talte ind over 1 gang</translation>
    </message>
    <message>
        <source>%n talk-overs</source>
        <translation>talte ind over %n gange</translation>
    </message>
    <message>
        <source>1 repeated request</source>
        <translation>1 gentaget ønske</translation>
    </message>
    <message>
        <source>%n repeated requests</source>
        <translation>%n gentagne ønsker</translation>
    </message>
    <message>
        <source>saved in the library</source>
        <translation>gemt i biblioteket</translation>
    </message>
    <message>
        <source>Your feedback could not be saved: %1</source>
        <translation>Din feedback kunne ikke gemmes: %1</translation>
    </message>
</context>
<context>
    <name>CallAudio</name>
    <message>
        <source>the sound system library PortAudio is missing, so no audio device can be opened: install it (Debian/Ubuntu: sudo apt install libportaudio2) and restart the app</source>
        <translation>lydbiblioteket PortAudio mangler, så ingen lydenhed kan åbnes: installér det (Debian/Ubuntu: sudo apt install libportaudio2), og genstart appen</translation>
    </message>
    <message>
        <source>no microphone or other input device was found: connect a headset (or check the sound settings of this computer), then choose it in Settings</source>
        <translation>der blev ikke fundet nogen mikrofon eller anden indgangsenhed: tilslut et headset (eller tjek computerens lydindstillinger), og vælg det derefter under Indstillinger</translation>
    </message>
    <message>
        <source>choose your microphone and the customer&apos;s audio in Settings first (or play the demo call)</source>
        <translation>vælg først din mikrofon og kundens lyd under Indstillinger (eller afspil demoopkaldet)</translation>
    </message>
</context>
<context>
    <name>CaptureHelp</name>
    <message>
        <source>plays the computer&apos;s sound</source>
        <translation>afspiller computerens lyd</translation>
    </message>
    <message>
        <source>Or use a stereo call-recording adapter (agent on one channel, customer on the other) and choose “One stereo device”.</source>
        <translation>Eller brug en stereoadapter til optagelse af opkald (medarbejderen på én kanal, kunden på den anden), og vælg »Én stereoenhed«.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: the “Monitor of” your headset or speakers — PulseAudio and PipeWire offer one for every output, and it carries exactly what you hear.</source>
        <translation>Din stemme: headsettets mikrofon. Kunden: »Monitor of« for dit headset eller dine højttalere – PulseAudio og PipeWire har en for hver udgang, og den indeholder præcis det, du hører.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: a loopback of the output you hear them on — a WASAPI “[Loopback]” device, “Stereo Mix” (enable it under Sound → Recording), or VB-Cable with the softphone&apos;s output set to it.</source>
        <translation>Din stemme: headsettets mikrofon. Kunden: en loopback af den udgang, du hører kunden i – en WASAPI-enhed »[Loopback]«, »Stereo Mix« (slå den til under Lyd → Optagelse) eller VB-Cable med softphonens udgang sat til den.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: macOS cannot record its own output, so install BlackHole, make a Multi-Output Device (Audio MIDI Setup) with your headset and BlackHole, set the softphone&apos;s output to it, and choose BlackHole here.</source>
        <translation>Din stemme: headsettets mikrofon. Kunden: macOS kan ikke optage sin egen lyd, så installér BlackHole, opret en enhed med flere udgange (Lyd-MIDI-opsætning) med dit headset og BlackHole, sæt softphonens udgang til den, og vælg BlackHole her.</translation>
    </message>
    <message>
        <source>Your voice: your headset microphone. The customer: an input that carries what you hear (a monitor or loopback of the output).</source>
        <translation>Din stemme: headsettets mikrofon. Kunden: en indgang, der indeholder det, du hører (en monitor eller loopback af udgangen).</translation>
    </message>
</context>
<context>
    <name>CompactPanel</name>
    <message>
        <source>Listening assistant</source>
        <translation>Lytteassistent</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Full view</source>
        <translation>Fuld visning</translation>
    </message>
    <message>
        <source>Back to the full window (Ctrl+Shift+M)</source>
        <translation>Tilbage til hele vinduet (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Klar</translation>
    </message>
</context>
<context>
    <name>DevicesGroup</name>
    <message>
        <source>Audio devices</source>
        <translation>Lydenheder</translation>
    </message>
    <message>
        <source>My microphone + the customer&apos;s audio</source>
        <translation>Min mikrofon + kundens lyd</translation>
    </message>
    <message>
        <source>One stereo device (call-recording adapter)</source>
        <translation>Én stereoenhed (adapter til optagelse af opkald)</translation>
    </message>
    <message>
        <source>Your voice</source>
        <translation>Din stemme</translation>
    </message>
    <message>
        <source>The customer</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>You are on the</source>
        <translation>Du er på</translation>
    </message>
    <message>
        <source>left channel</source>
        <translation>venstre kanal</translation>
    </message>
    <message>
        <source>right channel</source>
        <translation>højre kanal</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Show this device&apos;s level for a moment: speak, or play something</source>
        <translation>Vis enhedens niveau et øjeblik: tal, eller afspil noget</translation>
    </message>
    <message>
        <source>level</source>
        <translation>niveau</translation>
    </message>
    <message>
        <source>Look for devices again</source>
        <translation>Søg efter enheder igen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (ikke tilsluttet)</translation>
    </message>
    <message>
        <source>Stereo device</source>
        <translation>Stereoenhed</translation>
    </message>
    <message>
        <source>That device is not connected right now.</source>
        <translation>Den enhed er ikke tilsluttet lige nu.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Kan ikke åbne %1: %2</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>The assistant listens to your calls on this computer — nothing leaves it — and shows a short prompt when you talk over the customer, or when they have to repeat a request. To hear both of you it needs two inputs: your microphone, and the customer&apos;s audio as you hear it.</source>
        <translation>Assistenten lytter til dine opkald her på computeren – intet forlader den – og viser en kort påmindelse, når du taler ind over kunden, eller når kunden må gentage noget. For at høre jer begge skal den bruge to indgange: din mikrofon og kundens lyd, som du hører den.</translation>
    </message>
    <message>
        <source>Welcome to the listening assistant</source>
        <translation>Velkommen til lytteassistenten</translation>
    </message>
    <message>
        <source>Before your first call</source>
        <translation>Før dit første opkald</translation>
    </message>
    <message>
        <source>You can change this at any time in Settings. To see what the prompts look like first, close this and press “Play demo call”.</source>
        <translation>Du kan altid ændre det under Indstillinger. Vil du først se, hvordan påmindelserne ser ud? Luk dette, og tryk på »Afspil demoopkald«.</translation>
    </message>
    <message>
        <source>Use these devices</source>
        <translation>Brug disse enheder</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Ikke nu</translation>
    </message>
</context>
<context>
    <name>LevelBar</name>
    <message>
        <source>%1 level</source>
        <translation>Niveau: %1</translation>
    </message>
</context>
<context>
    <name>LibraryFilterBar</name>
    <message>
        <source>English</source>
        <translation>Engelsk</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Svensk</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>Dansk</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>Norsk</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Tysk</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finsk</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Når som helst</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Seneste 7 dage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Seneste 30 dage</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>I år</translation>
    </message>
    <message>
        <source>Since…</source>
        <translation>Siden…</translation>
    </message>
    <message>
        <source>Search what was said, or a title…</source>
        <translation>Søg i det, der blev sagt, eller en titel…</translation>
    </message>
    <message>
        <source>Search the calls</source>
        <translation>Søg i opkaldene</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprog</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Alle sprog</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>Talk-overs</source>
        <translation>Talt ind over</translation>
    </message>
    <message>
        <source>Only calls with at least one talk-over</source>
        <translation>Kun opkald, hvor du talte ind over kunden mindst én gang</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Gentagelser</translation>
    </message>
    <message>
        <source>Only calls in which the customer had to repeat a request</source>
        <translation>Kun opkald, hvor kunden måtte gentage et ønske</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Ryd filtre</translation>
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
        <translation>Dato</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Længde</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>Sprog</translation>
    </message>
    <message>
        <source>Talk-overs</source>
        <translation>Overlap</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Gentaget</translation>
    </message>
    <message>
        <source>Live call</source>
        <translation>Liveopkald</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Optagelse</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>language %1 · model %2</source>
        <translation>sprog %1 · model %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>ukendt</translation>
    </message>
    <message>
        <source>Agent: %1</source>
        <translation>Agent: %1</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Choose a call to read its transcript</source>
        <translation>Vælg et opkald for at læse udskriften</translation>
    </message>
    <message>
        <source>language %1</source>
        <translation>sprog %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>ukendt</translation>
    </message>
    <message>
        <source>talk time %1</source>
        <translation>taletid %1</translation>
    </message>
    <message>
        <source>1 talk-over</source>
        <translation>talte ind over 1 gang</translation>
    </message>
    <message>
        <source>%n talk-overs</source>
        <translation>talte ind over %n gange</translation>
    </message>
    <message>
        <source>1 repeated request</source>
        <translation>1 gentaget ønske</translation>
    </message>
    <message>
        <source>%n repeated requests</source>
        <translation>%n gentagne ønsker</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Bemærk: %1</translation>
    </message>
    <message>
        <source>Delete call</source>
        <translation>Slet opkald</translation>
    </message>
    <message>
        <source>Review call…</source>
        <translation>Gennemgå opkald…</translation>
    </message>
    <message>
        <source>Open the call&apos;s review: summary, timeline, playback and corrections (or double-click it)</source>
        <translation>Åbn gennemgangen af opkaldet: resumé, tidslinje, afspilning og rettelser (eller dobbeltklik på det)</translation>
    </message>
    <message>
        <source>Delete the selected call&apos;s transcript and the library&apos;s copy of its audio (your original files are kept)</source>
        <translation>Slet det valgte opkalds udskrift og bibliotekets kopi af lyden (dine originale filer bevares)</translation>
    </message>
    <message>
        <source>Click again to delete</source>
        <translation>Klik igen for at slette</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>Tags…</translation>
    </message>
    <message>
        <source>Label the selected call (e.g. billing, escalated) to compare calls in the Team tab</source>
        <translation>Mærk det valgte opkald (f.eks. faktura, eskaleret) for at sammenligne opkald under fanen Team</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Tags of this call, separated by commas:</source>
        <translation>Opkaldets tags, adskilt med kommaer:</translation>
    </message>
    <message>
        <source>agent %1</source>
        <translation>agent %1</translation>
    </message>
    <message>
        <source>tags: %1</source>
        <translation>tags: %1</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <source>%1 starts or stops a call while this app has focus</source>
        <translation>%1 starter eller stopper et opkald, når denne app er aktiv</translation>
    </message>
    <message>
        <source>%1 starts or stops a call from any app</source>
        <translation>%1 starter eller stopper et opkald fra en hvilken som helst app</translation>
    </message>
    <message>
        <source>Click to hide</source>
        <translation>Klik for at skjule</translation>
    </message>
    <message>
        <source>Stop call</source>
        <translation>Afslut opkald</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>Start opkald</translation>
    </message>
    <message>
        <source>Play demo call</source>
        <translation>Afspil demoopkald</translation>
    </message>
    <message>
        <source>Play a short recorded call through the assistant, as if it were happening now</source>
        <translation>Afspil et kort optaget opkald gennem assistenten, som om det foregik lige nu</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Klar</translation>
    </message>
    <message>
        <source>The computer is busy: transcription is catching up. Prompts about talking over the customer are not delayed.</source>
        <translation>Computeren har travlt: udskriften halter bagefter. Påmindelser om, at du taler ind over kunden, kommer stadig med det samme.</translation>
    </message>
    <message>
        <source>Compact mode</source>
        <translation>Kompakt tilstand</translation>
    </message>
    <message>
        <source>A slim panel that stays on top of other windows, for when the CRM is full-screen (Ctrl+Shift+M)</source>
        <translation>Et smalt panel, der bliver over andre vinduer, når CRM-systemet fylder hele skærmen (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Transcript %1 s behind</source>
        <translation>Udskriften er %1 s bagefter</translation>
    </message>
    <message>
        <source>catching up with lighter decoding</source>
        <translation>indhenter med lettere afkodning</translation>
    </message>
    <message>
        <source>Finishing the transcript…</source>
        <translation>Gør udskriften færdig…</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Indlæser modellen…</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Lytter</translation>
    </message>
    <message>
        <source>Saving the call…</source>
        <translation>Gemmer opkaldet…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Listening assistant</source>
        <translation>Lytteassistent</translation>
    </message>
    <message>
        <source>Live call</source>
        <translation>Igangværende opkald</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliotek</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Filer</translation>
    </message>
    <message>
        <source>Open recordings…</source>
        <translation>Åbn optagelser…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afslut</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Opkald</translation>
    </message>
    <message>
        <source>Start or stop call</source>
        <translation>Start eller afslut opkald</translation>
    </message>
    <message>
        <source>Works from any app</source>
        <translation>Virker fra en hvilken som helst app</translation>
    </message>
    <message>
        <source>Works while this app has focus</source>
        <translation>Virker, når denne app er aktiv</translation>
    </message>
    <message>
        <source>Play demo call</source>
        <translation>Afspil demoopkald</translation>
    </message>
    <message>
        <source>Compact mode</source>
        <translation>Kompakt tilstand</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Indstillinger</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Indstillinger…</translation>
    </message>
    <message>
        <source>Settings can be changed after this call</source>
        <translation>Indstillingerne kan ændres efter opkaldet</translation>
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
        <translation>Medarbejder · din mikrofon</translation>
    </message>
    <message>
        <source>Customer · their audio</source>
        <translation>Kunde · kundens lyd</translation>
    </message>
    <message>
        <source>CALL TIME</source>
        <translation>OPKALDSTID</translation>
    </message>
    <message>
        <source>TALK AGENT / CUSTOMER %</source>
        <translation>DIG / KUNDEN %</translation>
    </message>
    <message>
        <source>TALK-OVERS</source>
        <translation>TALT IND OVER</translation>
    </message>
    <message>
        <source>REPEATS</source>
        <translation>GENTAGELSER</translation>
    </message>
    <message>
        <source>No sound from your microphone for %1 s: check the device in Settings.</source>
        <translation>Ingen lyd fra din mikrofon i %1 s: tjek enheden under Indstillinger.</translation>
    </message>
    <message>
        <source>No sound from the customer&apos;s side for %1 s: check the device in Settings.</source>
        <translation>Ingen lyd fra kundens side i %1 s: tjek enheden under Indstillinger.</translation>
    </message>
</context>
<context>
    <name>PrivacyGroup</name>
    <message>
        <source>Identity numbers (personnummer, CPR)</source>
        <translation>Personnumre (CPR, personnummer)</translation>
    </message>
    <message>
        <source>Card numbers</source>
        <translation>Kortnumre</translation>
    </message>
    <message>
        <source>IBAN and account numbers</source>
        <translation>IBAN og kontonumre</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>Telefonnumre</translation>
    </message>
    <message>
        <source>E-mail addresses</source>
        <translation>E-mailadresser</translation>
    </message>
    <message>
        <source>Other numbers of 6+ digits</source>
        <translation>Andre numre med 6+ cifre</translation>
    </message>
    <message>
        <source>Privacy: replaced by tags before anything is stored</source>
        <translation>Privatliv: erstattes af mærker, før noget gemmes</translation>
    </message>
    <message>
        <source>Keep unredacted audio (recordings keep what transcripts hide)</source>
        <translation>Behold ucensureret lyd (optagelserne beholder det, udskrifterne skjuler)</translation>
    </message>
    <message>
        <source>Off: where words were redacted, the stored recording is silent for that utterance. On: card numbers, identity numbers and the like stay audible in the library&apos;s recordings.</source>
        <translation>Fra: hvor ord er censureret, er den gemte optagelse tavs under den ytring. Til: kortnumre, CPR-numre og lignende kan høres i bibliotekets optagelser.</translation>
    </message>
    <message>
        <source>Values are replaced as soon as they are transcribed: the live view, library, exports and logs never hold them. Reviews count what was redacted.</source>
        <translation>Oplysningerne erstattes, så snart de er skrevet ud: livevisningen, biblioteket, eksporter og logge indeholder dem aldrig. Gennemgangene tæller, hvad der blev censureret.</translation>
    </message>
</context>
<context>
    <name>PromptArea</name>
    <message>
        <source>Prompts appear here when the customer is talked over or has to repeat a request.</source>
        <translation>Her vises påmindelser, når du taler ind over kunden, eller når kunden må gentage noget.</translation>
    </message>
</context>
<context>
    <name>PromptCard</name>
    <message>
        <source>TALK-OVER</source>
        <translation>TALER IND OVER</translation>
    </message>
    <message>
        <source>REPEATED REQUEST</source>
        <translation>GENTAGET ØNSKE</translation>
    </message>
    <message>
        <source>Not helpful</source>
        <translation>Hjalp ikke</translation>
    </message>
    <message>
        <source>Hide this prompt and note that it did not help (used to tune the prompts; stays on this computer)</source>
        <translation>Skjul påmindelsen, og notér, at den ikke hjalp (bruges til at finjustere påmindelserne; bliver på denne computer)</translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message>
        <source>Markdown review (.md)</source>
        <translation>Gennemgang i Markdown (.md)</translation>
    </message>
    <message>
        <source>Web page with timeline (.html)</source>
        <translation>Webside med tidslinje (.html)</translation>
    </message>
    <message>
        <source>JSON (.json)</source>
        <translation>JSON (.json)</translation>
    </message>
    <message>
        <source>Subtitles (.srt)</source>
        <translation>Undertekster (.srt)</translation>
    </message>
    <message>
        <source>WebVTT (.vtt)</source>
        <translation>WebVTT (.vtt)</translation>
    </message>
    <message>
        <source>Plain text (.txt)</source>
        <translation>Ren tekst (.txt)</translation>
    </message>
    <message>
        <source>live call</source>
        <translation>liveopkald</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>optagelse</translation>
    </message>
    <message>
        <source>demo call</source>
        <translation>demoopkald</translation>
    </message>
    <message>
        <source>No recording was kept for this call: the timeline shows where, without sound.</source>
        <translation>Der blev ikke gemt nogen optagelse af dette opkald: tidslinjen viser hvor, men uden lyd.</translation>
    </message>
    <message>
        <source>Choose a call to review</source>
        <translation>Vælg et opkald at gennemgå</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Eksportér…</translation>
    </message>
    <message>
        <source>Save this call as a review (Markdown, a web page) or as JSON, subtitles or text, with your corrections</source>
        <translation>Gem opkaldet som en gennemgang (Markdown, webside) eller som JSON, undertekster eller tekst, med dine rettelser</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Afspil</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Afspil eller pause (mellemrum)</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Tilbage til starten</translation>
    </message>
    <message>
        <source>Click the timeline, a line of the transcript or a time in the summary to listen from there.</source>
        <translation>Klik på tidslinjen, en linje i udskriften eller et tidspunkt i resuméet for at lytte derfra.</translation>
    </message>
    <message>
        <source>language %1 · model %2</source>
        <translation>sprog %1 · model %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>ukendt</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Export the call</source>
        <translation>Eksportér opkaldet</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review: %1</source>
        <translation>Gennemgang: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Detect (once, on the customer&apos;s first words)</source>
        <translation>Registrér (én gang, ud fra kundens første ord)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engelsk</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Svensk</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>Dansk</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>Norsk</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finsk</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Tysk</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Nederlandsk</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Fransk</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spansk</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Vælg…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <source>Language of the app</source>
        <translation>Appens sprog</translation>
    </message>
    <message>
        <source>As the computer</source>
        <translation>Som computeren</translation>
    </message>
    <message>
        <source>As the window</source>
        <translation>Som vinduet</translation>
    </message>
    <message>
        <source>The window and the live prompts, whatever language the call is in</source>
        <translation>Vinduet og påmindelserne under opkaldet, uanset hvilket sprog opkaldet foregår på</translation>
    </message>
    <message>
        <source>Call reviews and exported Markdown and HTML reports</source>
        <translation>Gennemgange af opkald og eksporterede rapporter i Markdown og HTML</translation>
    </message>
    <message>
        <source>Window and prompts</source>
        <translation>Vindue og påmindelser</translation>
    </message>
    <message>
        <source>Reviews and exports</source>
        <translation>Gennemgange og eksport</translation>
    </message>
    <message>
        <source>Speech recognition</source>
        <translation>Talegenkendelse</translation>
    </message>
    <message>
        <source>Language of the calls</source>
        <translation>Opkaldenes sprog</translation>
    </message>
    <message>
        <source>A model installed under the models folder, or a model folder</source>
        <translation>En model installeret i modelmappen, eller en modelmappe</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>Modelmappe</translation>
    </message>
    <message>
        <source>multilingual</source>
        <translation>flersproget</translation>
    </message>
    <message>
        <source>English only</source>
        <translation>kun engelsk</translation>
    </message>
    <message>
        <source>no model installed: run `assistant models install`</source>
        <translation>ingen model installeret: kør `assistant models install`</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Påmindelser</translation>
    </message>
    <message>
        <source>“Let them finish” when I talk over the customer</source>
        <translation>»Lad kunden tale færdig«, når jeg taler ind over kunden</translation>
    </message>
    <message>
        <source>When the customer has to repeat a request</source>
        <translation>Når kunden må gentage et ønske</translation>
    </message>
    <message>
        <source>How long both of you must speak at once before it counts as talking over them. Lower is more sensitive; short “mm-hmm”s never count.</source>
        <translation>Hvor længe I begge skal tale samtidig, før det tæller som at tale ind over kunden. En lavere værdi er mere følsom; korte »mm« tæller aldrig.</translation>
    </message>
    <message>
        <source>Talk-over after</source>
        <translation>Talt ind over efter</translation>
    </message>
    <message>
        <source>Calls and data (kept on this computer only)</source>
        <translation>Opkald og data (gemmes kun på denne computer)</translation>
    </message>
    <message>
        <source>Keep audio and transcript</source>
        <translation>Gem lyd og udskrift</translation>
    </message>
    <message>
        <source>Keep the transcript only</source>
        <translation>Gem kun udskriften</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datamappe</translation>
    </message>
    <message>
        <source>Call library folder</source>
        <translation>Mappe til opkaldsbiblioteket</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Følg systemet</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Mørkt</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Lyst</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>A new data folder or theme takes effect when the app starts again.</source>
        <translation>En ny datamappe eller et nyt tema træder i kraft, næste gang appen starter.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Dit navn</translation>
    </message>
    <message>
        <source>e.g. Anna Berg</source>
        <translation>f.eks. Anna Berg</translation>
    </message>
    <message>
        <source>Saved with each call you take, so a team lead can compare calls across agents (Team tab, `assistant calls stats`)</source>
        <translation>Gemmes med hvert opkald, du tager, så en teamleder kan sammenligne opkald på tværs af agenter (fanen Team, `assistant calls stats`)</translation>
    </message>
</context>
<context>
    <name>Speaker</name>
    <message>
        <source>Agent</source>
        <translation>Medarbejder</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Taler</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Summary of the call</source>
        <translation>Resumé af opkaldet</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Call timeline</source>
        <translation>Opkaldets tidslinje</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Intet opkald</translation>
    </message>
    <message>
        <source>zoomed</source>
        <translation>zoomet</translation>
    </message>
    <message>
        <source>events</source>
        <translation>hændelser</translation>
    </message>
    <message>
        <source>Listen from %1</source>
        <translation>Lyt fra %1</translation>
    </message>
</context>
<context>
    <name>TranscribePanel</name>
    <message>
        <source>1 recording</source>
        <translation>1 optagelse</translation>
    </message>
    <message>
        <source>%n recordings</source>
        <translation>%n optagelser</translation>
    </message>
    <message>
        <source>Open recordings…</source>
        <translation>Åbn optagelser…</translation>
    </message>
    <message>
        <source>Transcribe call recordings into the library (stereo: one party per channel). You can also drop files here.</source>
        <translation>Lav udskrifter af optagede opkald til biblioteket (stereo: én part pr. kanal). Du kan også slippe filer her.</translation>
    </message>
    <message>
        <source>Drop recordings anywhere on this window to transcribe them.</source>
        <translation>Slip optagelser hvor som helst i vinduet for at lave udskrifter af dem.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annullér</translation>
    </message>
    <message>
        <source>Stop transcribing; files already finished stay in the library</source>
        <translation>Stop udskrivningen; filer, der allerede er færdige, bliver i biblioteket</translation>
    </message>
    <message>
        <source>Transcribe recordings</source>
        <translation>Lav udskrifter af optagelser</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annullerer…</translation>
    </message>
    <message>
        <source>Loading the speech model…</source>
        <translation>Indlæser talemodellen…</translation>
    </message>
    <message>
        <source>Starting to transcribe %1…</source>
        <translation>Begynder på udskrift af %1…</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>optagelse</translation>
    </message>
    <message>
        <source>Transcribing %1 (%2 of %3)</source>
        <translation>Laver udskrift af %1 (%2 af %3)</translation>
    </message>
    <message>
        <source>Cancelled after %1.</source>
        <translation>Annulleret efter %1.</translation>
    </message>
    <message>
        <source>Done: %1 added to the library, %2 could not be read.</source>
        <translation>Færdig: %1 er lagt i biblioteket, %2 kunne ikke læses.</translation>
    </message>
    <message>
        <source>Done: %1 added to the library.</source>
        <translation>Færdig: %1 er lagt i biblioteket.</translation>
    </message>
    <message>
        <source>1 more waiting</source>
        <translation>1 mere venter</translation>
    </message>
    <message>
        <source>%n more waiting</source>
        <translation>%n mere venter</translation>
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
        <translation>Taler</translation>
    </message>
    <message>
        <source>Said</source>
        <translation>Sagt</translation>
    </message>
    <message>
        <source>Cut-off</source>
        <translation>Afbrydelse</translation>
    </message>
    <message>
        <source>Talk-over</source>
        <translation>Talt ind over</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Gentagelse</translation>
    </message>
    <message>
        <source>Corrected. Recognised as: “%1”</source>
        <translation>Rettet. Genkendt som: »%1«</translation>
    </message>
    <message>
        <source>Click to listen from here; double-click to correct the words</source>
        <translation>Klik for at lytte herfra; dobbeltklik for at rette ordene</translation>
    </message>
    <message>
        <source>Click to listen from here</source>
        <translation>Klik for at lytte herfra</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Udskrift</translation>
    </message>
    <message>
        <source>Listen from here</source>
        <translation>Lyt herfra</translation>
    </message>
    <message>
        <source>Correct the words…</source>
        <translation>Ret ordene…</translation>
    </message>
    <message>
        <source>Restore the recognised words</source>
        <translation>Gendan de genkendte ord</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>The conversation appears here as it is transcribed.</source>
        <translation>Samtalen vises her, efterhånden som den bliver udskrevet.</translation>
    </message>
    <message>
        <source>↓ Latest</source>
        <translation>↓ Seneste</translation>
    </message>
    <message>
        <source>Scroll back to the newest words and follow them again</source>
        <translation>Rul tilbage til de nyeste ord, og følg dem igen</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (dig)</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Start call</source>
        <translation>Start opkald</translation>
    </message>
    <message>
        <source>Stop call</source>
        <translation>Afslut opkald</translation>
    </message>
    <message>
        <source>Compact panel</source>
        <translation>Kompakt panel</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Vis vinduet</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Afslut</translation>
    </message>
    <message>
        <source>Listening assistant</source>
        <translation>Lytteassistent</translation>
    </message>
    <message>
        <source>Listening assistant: in a call</source>
        <translation>Lytteassistent: i et opkald</translation>
    </message>
</context>
<context>
    <name>TeamView</name>
    <message>
        <source>All time</source>
        <translation>Hele perioden</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Seneste 4 uger</translation>
    </message>
    <message>
        <source>Last 13 weeks</source>
        <translation>Seneste 13 uger</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Seneste 12 måneder</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pr. uge</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pr. måned</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Pr. dag</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Opkald</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprog</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Eksportér PNG…</translation>
    </message>
    <message>
        <source>Save these charts as a PNG image</source>
        <translation>Gem diagrammerne som et PNG-billede</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Tæller…</translation>
    </message>
    <message>
        <source>No finished calls match.</source>
        <translation>Ingen afsluttede opkald passer.</translation>
    </message>
    <message>
        <source>Export the charts</source>
        <translation>Eksportér diagrammerne</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-billede (*.png)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>kan ikke skrive %1: %2</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 opkald</translation>
    </message>
    <message>
        <source>%n calls</source>
        <translation>%n opkald</translation>
    </message>
    <message>
        <source>%1 talk-overs per hour of agent talk</source>
        <translation>talte ind over %1 gange pr. time agenten taler</translation>
    </message>
    <message>
        <source>%1% with a repeated request</source>
        <translation>%1 % med et gentaget ønske</translation>
    </message>
    <message>
        <source>agent talks %1% (median)</source>
        <translation>agenten taler %1 % (median)</translation>
    </message>
    <message>
        <source>longest monologue %1 s (median)</source>
        <translation>længste monolog %1 s (median)</translation>
    </message>
    <message>
        <source>cues per call: %1 good, %2 poor</source>
        <translation>signaler pr. opkald: %1 gode, %2 dårlige</translation>
    </message>
</context>
<context>
    <name>TeamCharts</name>
    <message>
        <source>No finished calls match.</source>
        <translation>Ingen afsluttede opkald passer.</translation>
    </message>
    <message>
        <source>Talk-overs per hour of agent talk</source>
        <translation>Talt ind over pr. time agenten taler</translation>
    </message>
    <message>
        <source>Calls with a repeated request (%)</source>
        <translation>Opkald med et gentaget ønske (%)</translation>
    </message>
    <message>
        <source>Listening cues per call</source>
        <translation>Lyttesignaler pr. opkald</translation>
    </message>
    <message>
        <source>good (empathy, …)</source>
        <translation>gode (empati, …)</translation>
    </message>
    <message>
        <source>poor (policy, …)</source>
        <translation>dårlige (regler, …)</translation>
    </message>
    <message>
        <source>Requests most often repeated</source>
        <translation>Oftest gentagne ønsker</translation>
    </message>
    <message>
        <source>none repeated</source>
        <translation>ingen gentaget</translation>
    </message>
    <message>
        <source>Agent's share of the talk (calls)</source>
        <translation>Agentens andel af talen (opkald)</translation>
    </message>
    <message>
        <source>Agent's longest monologue (calls)</source>
        <translation>Agentens længste monolog (opkald)</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>sekunder</translation>
    </message>
    <message>
        <source>Other (no type)</source>
        <translation>Andet (ingen type)</translation>
    </message>
</context>
</TS>
