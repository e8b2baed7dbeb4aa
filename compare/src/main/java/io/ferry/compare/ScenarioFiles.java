package io.ferry.compare;

import io.ferry.compare.internal.ScenarioFileParser;
import io.ferry.engine.EngineScenario;
import java.nio.file.Path;

/**
 * Reads scenario files: one migration situation per JSON file, for {@code ./ferry compare --scenario FILE}.
 *
 * <pre>{@code
 * {"name": "web-vm", "memoryGiB": 4, "pageSizeBytes": 4096, "executionStateBytes": 1048576,
 *  "link": {"bandwidthGbps": 1, "rttMs": 0.5, "compressionRatio": 1.0},
 *  "dirtying": {"model": "uniform", "pagesPerSecond": 20000},
 *  "downtimeBudgetMs": 300, "concurrentMigrations": 1}
 * }</pre>
 *
 * <p>Top level:
 * <ul>
 * <li>{@code name}: the scenario's name in results; default: the file name without its extension;</li>
 * <li>exactly one of {@code memoryBytes} (an integer), {@code memoryGiB} or {@code memoryMiB}: 1 MiB to 1 TiB;</li>
 * <li>{@code pageSizeBytes}: a power of two from 512 to 2097152; default 4096;</li>
 * <li>{@code executionStateBytes}: CPU and device state sent during the pause; default 1048576 (1 MiB);</li>
 * <li>{@code link} (required): exactly one of {@code bandwidthGbps} (10^9 bit/s), {@code bandwidthMiBps} or
 * {@code bandwidthBytesPerSec}, &gt; 0 (the pre-copy cap, QEMU's max-bandwidth); at most one of
 * {@code postcopyBandwidthGbps}, {@code postcopyBandwidthMiBps} or {@code postcopyBandwidthBytesPerSec}, &gt;= 0
 * (the post-copy phase's own cap, QEMU's max-postcopy-bandwidth; absent or 0: none, QEMU's default, so the phase
 * runs at the host's own copy rate under a profile that measured one, at the link's bandwidth otherwise);
 * {@code rttMs} &gt;= 0, default 0.5; {@code compressionRatio} in (0, 1] (bytes on the wire per byte of memory),
 * default 1;</li>
 * <li>{@code dirtying} (required): the guest's writes, below;</li>
 * <li>{@code downtimeBudgetMs}: the SLA's downtime budget, &gt; 0; default 300;</li>
 * <li>{@code concurrentMigrations}: identical VMs migrating at once over the shared link, 1 to 64; default 1;</li>
 * <li>{@code zeroMemoryMiB}: memory that holds only zeros when the migration starts (never written since boot), the
 * top of memory; a hypervisor that detects zero pages (the {@code qemu-tcg} profile) sends each such page as a
 * short header until it is written; default 0.</li>
 * </ul>
 *
 * <p>Dirtying models ({@code "model"} names one):
 * <ul>
 * <li>{@code {"model": "idle"}}: no writes;</li>
 * <li>{@code {"model": "uniform", "pagesPerSecond": 20000}}: writes spread over all of memory;</li>
 * <li>{@code {"model": "hot-set", "pagesPerSecond": 250000, "hotPages": 4096, "skew": 0.99, "firstPage": 0}}:
 * writes to a contiguous hot set with a Zipf skew; exactly one of {@code hotPages} or {@code hotSetMiB}; skew
 * in [0, 5], default 0.99; {@code firstPage} default 0; the hot set must fit in memory;</li>
 * <li>{@code {"model": "phased", "phases": [{"seconds": 5, "model": "uniform", "pagesPerSecond": 1000},
 * {"seconds": 2, "model": "hot-set", "pagesPerSecond": 80000, "hotSetMiB": 64}]}}: each phase is an idle,
 * uniform or hot-set model with a duration ({@code seconds} &gt; 0); the schedule repeats;</li>
 * <li>{@code {"model": "replay", "file": "trace.csv", "stepSeconds": 1, "hotPages": 0}}: a measured series
 * replayed step by step (and repeated); {@code file} is relative to the scenario file's directory, a CSV with a
 * header naming {@code pages_per_second} and optionally {@code seconds}; {@code stepSeconds} may be omitted when
 * the {@code seconds} column gives it; {@code hotPages} &gt; 0 confines the writes to the first pages;</li>
 * <li>{@code {"model": "mixed", "parts": [{"model": "hot-set", "pagesPerSecond": 90000, "hotSetMiB": 64, "skew": 0},
 * {"model": "hot-set", "pagesPerSecond": 10000, "hotSetMiB": 256, "skew": 0}]}}: independent writers at once (a
 * hot/cold mix, or a guest kernel's own writes beside a workload); each part is any model but mixed.</li>
 * </ul>
 *
 * <p>Unknown keys are errors, so a misspelt key never silently takes a default. Line ({@code //}) and block comments
 * are allowed. Every error is one line naming the file, the JSON path, the value and what is
 * accepted. Cost: one pass over the file (and the trace).
 */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    /**
     * @param file a scenario file
     * @return its scenario
     * @throws ScenarioFileException when the file cannot be read or is not a valid scenario; the message is one
     *                               line, e.g. {@code web.json: link.bandwidthGbps = -1: must be > 0}
     */
    public static EngineScenario read(Path file) {
        return ScenarioFileParser.read(file);
    }
}
