/*
 * ferry-workload: the guest program of Ferry's QEMU testbed. It runs as the only process of a tiny
 * initramfs guest (started by /init), dirties memory at a controlled rate and pattern, checks every page
 * against a shadow table, and prints one heartbeat line per period on the serial console, which the host
 * reads to tell that the guest is alive, how fast it writes and whether a migration corrupted a page.
 *
 * Parameters come from the kernel command line (/proc/cmdline), so the host sets them with -append:
 *   ferry.mem=MiB        memory to allocate and fill with random data (no zero pages), default 64
 *   ferry.mode=M         idle | uniform | sweep | hotcold, default idle
 *                          uniform: each write hits a uniformly random page of all memory
 *                          sweep:   writes walk the hot set sequentially, page after page, cyclically
 *                          hotcold: ferry.hotpct % of writes hit a random hot page, the rest any page
 *   ferry.rate=N         target page writes per second, 0 = as fast as possible, default 0
 *   ferry.hot=MiB        hot-set size (first MiB of the buffer), default 16
 *   ferry.hotpct=P       share of writes to the hot set in hotcold mode, 0..100, default 90
 *   ferry.sched=R:S,...  cyclic schedule of rates: R writes/s for S seconds, then the next; overrides rate;
 *                        a step of rate 0 idles (unlike ferry.rate=0, which means as fast as possible);
 *                        at most 128 steps (the kernel's command line holds 2048 bytes in all)
 *   ferry.hb=MS          heartbeat period in milliseconds, default 20
 *   ferry.check=S        seconds per full integrity pass over all pages, 0 = never, default 2
 *   ferry.seed=N         seed of the data and of the page choice, default 1
 *
 * A "page write" stores one fresh random 64-bit word at a random offset of the page and updates the page's
 * shadow checksum, XOR over k of rotl(word[k], k mod 64), so a check costs one pass over the page and a stale,
 * zeroed or swapped page fails it. A page that fails is counted, reported once on a FERRY-CORRUPT line, and
 * repaired (its checksum recomputed) so that it is not counted again.
 *
 * Ground truth for dirty-rate measurements: the program also counts the distinct pages it writes in each window of
 * 200 ms of its own clock (UNIQ_WINDOW_MS; a 4-byte stamp per page), and every heartbeat repeats the last completed
 * window: its number (from 1 at start), its writes and its distinct pages. calc-dirty-rate's 200 ms page sampling
 * estimates the same quantity. The stamp and shadow arrays are written too; they are not counted. It also repeats
 * the window's busy share (ubusy, parts per 10 000): the share of the window the program was not asleep, by its own
 * clock (the kernel's work while the program sleeps is not in it).
 *
 * Output lines (one write(2) each, so they are never interleaved):
 *   FERRY-READY pages=P mode=M rate=R hot_pages=H hb_ms=T check_s=C fill_ms=F
 *   FERRY-HB seq=N t_ms=T wps=W rate=R corrupt=C checked=K passes=P uwin=U uwrites=X uniq=Q ubusy=B
 *   FERRY-CORRUPT page=P seq=N
 *   FERRY-ERROR what
 *
 * Cost: 8 bytes of shadow and 4 of window stamp per 4 KiB page; a write is two xorshift draws and a few loads and stores; the
 * integrity check reads all memory once per ferry.check seconds, spread evenly over the heartbeats.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE_WORDS 512u
#define MAX_SCHED 128
#define WRITE_BATCH 64u
#define MAX_CORRUPT_LINES 32u
#define UNIQ_WINDOW_NS 200000000ull

enum mode { IDLE, UNIFORM, SWEEP, HOTCOLD };

static const char *const MODE_NAMES[] = { "idle", "uniform", "sweep", "hotcold" };

struct sched_step {
    uint64_t rate;
    uint64_t ns;
};

static uint64_t *mem;
static uint64_t *shadow;
static uint32_t *stamp;
static uint32_t uniq_window = 1;
static uint64_t uniq_count;
static uint64_t window_start_ns;   /* when the current uniq window began */
static uint64_t window_slept_ns;   /* time asleep in the current uniq window */
static uint64_t carry_slept_ns;    /* time asleep after the current window's end (the next window's) */
static uint64_t sleep_end_ns;      /* when the last sleep ended */
static uint64_t pages;
static uint64_t hot_pages;
static uint64_t rng_state;

static void out(const char *line, int len) {
    while (len > 0) {
        ssize_t n = write(1, line, (size_t)len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        line += n;
        len -= (int)n;
    }
}

static void fail(const char *what) {
    char buf[256];
    int n = snprintf(buf, sizeof buf, "FERRY-ERROR %s\n", what);
    out(buf, n);
    for (;;) {
        pause();
    }
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t deadline) {
    struct timespec ts = { (time_t)(deadline / 1000000000ull), (long)(deadline % 1000000000ull) };
    uint64_t a = now_ns();
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
    uint64_t b = now_ns();
    sleep_end_ns = b;
    /* the share before the current window's end is its sleep, the rest the next window's */
    uint64_t end = window_start_ns + UNIQ_WINDOW_NS;
    if (b <= end) {
        window_slept_ns += b - a;
    } else if (a >= end) {
        carry_slept_ns += b - a;
    } else {
        window_slept_ns += end - a;
        carry_slept_ns += b - end;
    }
}

static inline uint64_t next_random(void) {
    /* xorshift64* (Vigna 2016) */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static inline uint64_t rotl(uint64_t x, unsigned r) {
    r &= 63u;
    return r == 0 ? x : (x << r) | (x >> (64u - r));
}

static uint64_t page_sum(const uint64_t *page) {
    uint64_t s = 0;
    for (unsigned k = 0; k < PAGE_WORDS; k++) {
        s ^= rotl(page[k], k);
    }
    return s;
}

static inline void write_page(uint64_t p) {
    uint64_t r = next_random();
    unsigned k = (unsigned)(r >> 55); /* top 9 bits: the word offset */
    uint64_t *w = mem + p * PAGE_WORDS + k;
    uint64_t fresh = next_random();
    uint64_t old = *w;
    *w = fresh;
    shadow[p] ^= rotl(old, k) ^ rotl(fresh, k);
    if (stamp[p] != uniq_window) {
        stamp[p] = uniq_window;
        uniq_count++;
    }
}

/* Reads "key=value" for key (with the ferry. prefix) from the command line; returns NULL if absent. */
static const char *param(const char *cmdline, const char *key, char *buf, size_t size) {
    size_t klen = strlen(key);
    const char *p = cmdline;
    while ((p = strstr(p, key)) != NULL) {
        if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
            const char *v = p + klen + 1;
            size_t n = strcspn(v, " \n");
            if (n >= size) {
                n = size - 1;
            }
            memcpy(buf, v, n);
            buf[n] = '\0';
            return buf;
        }
        p += klen;
    }
    return NULL;
}

static uint64_t param_u64(const char *cmdline, const char *key, uint64_t def) {
    char buf[64];
    const char *v = param(cmdline, key, buf, sizeof buf);
    if (v == NULL || *v == '\0') {
        return def;
    }
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0') {
        char msg[128];
        snprintf(msg, sizeof msg, "%s=%s: not a non-negative integer", key, v);
        fail(msg);
    }
    return (uint64_t)x;
}

static int parse_sched(const char *spec, struct sched_step *steps) {
    int n = 0;
    const char *p = spec;
    while (*p != '\0') {
        if (n == MAX_SCHED) {
            fail("ferry.sched: more than 128 steps");
        }
        char *end;
        unsigned long long rate = strtoull(p, &end, 10);
        if (*end != ':') {
            fail("ferry.sched: expected rate:seconds[,rate:seconds...]");
        }
        unsigned long long secs = strtoull(end + 1, &end, 10);
        if (secs == 0 || (*end != ',' && *end != '\0')) {
            fail("ferry.sched: every step needs seconds >= 1");
        }
        steps[n].rate = rate;
        steps[n].ns = (uint64_t)secs * 1000000000ull;
        n++;
        p = *end == ',' ? end + 1 : end;
    }
    return n;
}

int main(void) {
    char cmdline[4096];
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd < 0) {
        fail("cannot open /proc/cmdline (is /proc mounted?)");
    }
    ssize_t len = read(fd, cmdline, sizeof cmdline - 1);
    close(fd);
    if (len < 0) {
        fail("cannot read /proc/cmdline");
    }
    cmdline[len] = '\0';

    uint64_t mem_mib = param_u64(cmdline, "ferry.mem", 64);
    uint64_t rate = param_u64(cmdline, "ferry.rate", 0);
    uint64_t hot_mib = param_u64(cmdline, "ferry.hot", 16);
    uint64_t hot_pct = param_u64(cmdline, "ferry.hotpct", 90);
    uint64_t hb_ms = param_u64(cmdline, "ferry.hb", 20);
    uint64_t check_s = param_u64(cmdline, "ferry.check", 2);
    uint64_t seed = param_u64(cmdline, "ferry.seed", 1);
    char modebuf[32];
    const char *mode_name = param(cmdline, "ferry.mode", modebuf, sizeof modebuf);
    enum mode mode = IDLE;
    if (mode_name != NULL) {
        int found = 0;
        for (int i = 0; i < 4; i++) {
            if (strcmp(mode_name, MODE_NAMES[i]) == 0) {
                mode = (enum mode)i;
                found = 1;
            }
        }
        if (!found) {
            fail("ferry.mode: expected idle, uniform, sweep or hotcold");
        }
    }
    char schedbuf[2048];
    struct sched_step steps[MAX_SCHED];
    int nsteps = 0;
    uint64_t cycle_ns = 0;
    const char *sched = param(cmdline, "ferry.sched", schedbuf, sizeof schedbuf);
    if (sched != NULL && *sched != '\0') {
        nsteps = parse_sched(sched, steps);
        for (int i = 0; i < nsteps; i++) {
            cycle_ns += steps[i].ns;
        }
    }
    if (mem_mib == 0 || hb_ms == 0 || hot_pct > 100) {
        fail("ferry.mem and ferry.hb must be >= 1, ferry.hotpct <= 100");
    }
    pages = mem_mib * 256u;
    hot_pages = hot_mib * 256u;
    if (hot_pages == 0 || hot_pages > pages) {
        hot_pages = pages;
    }

    uint64_t t0 = now_ns();
    mem = mmap(NULL, pages * 4096u, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    shadow = mmap(NULL, pages * sizeof(uint64_t), PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    stamp = mmap(NULL, pages * sizeof(uint32_t), PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (mem == MAP_FAILED || shadow == MAP_FAILED || stamp == MAP_FAILED) {
        fail("cannot allocate ferry.mem (is the guest's -m large enough?)");
    }
    rng_state = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    if (rng_state == 0) {
        rng_state = 1;
    }
    for (uint64_t p = 0; p < pages; p++) {
        uint64_t *page = mem + p * PAGE_WORDS;
        for (unsigned k = 0; k < PAGE_WORDS; k++) {
            page[k] = next_random();
        }
        shadow[p] = page_sum(page);
    }
    uint64_t now = now_ns();
    char line[512];
    int n = snprintf(line, sizeof line,
            "FERRY-READY pages=%llu mode=%s rate=%llu hot_pages=%llu hb_ms=%llu check_s=%llu fill_ms=%llu\n",
            (unsigned long long)pages, MODE_NAMES[mode], (unsigned long long)rate,
            (unsigned long long)hot_pages, (unsigned long long)hb_ms, (unsigned long long)check_s,
            (unsigned long long)((now - t0) / 1000000u));
    out(line, n);

    const uint64_t hb_ns = hb_ms * 1000000ull;
    /* pages checked per heartbeat so that a full pass takes check_s seconds */
    const uint64_t check_per_beat = check_s == 0 ? 0 : (pages * hb_ms + check_s * 1000u - 1) / (check_s * 1000u);
    const uint64_t start = now;
    uint64_t next_hb = now + hb_ns;
    uint64_t seq = 0;
    uint64_t writes_since_beat = 0;
    uint64_t last_beat = now;
    uint64_t corrupt = 0;
    uint64_t checked = 0;
    uint64_t passes = 0;
    uint64_t cursor = 0;
    uint64_t sweep = 0;
    uint64_t cur_rate = nsteps > 0 ? steps[0].rate : rate;
    uint64_t epoch = now;
    uint64_t written_since_epoch = 0;
    uint64_t window_writes = 0;
    uint64_t last_window = 0;
    uint64_t last_window_writes = 0;
    uint64_t last_window_uniq = 0;
    uint64_t last_window_busy = 0;
    window_start_ns = start;

    for (;;) {
        now = now_ns();
        uint64_t window = (now - start) / UNIQ_WINDOW_NS + 1;
        if (window != uniq_window) {
            /* a window ended (or several, while the guest was paused): keep its figures for the heartbeats */
            last_window = uniq_window;
            last_window_writes = window_writes;
            last_window_uniq = uniq_count;
            uint64_t slept = window_slept_ns < UNIQ_WINDOW_NS ? window_slept_ns : UNIQ_WINDOW_NS;
            last_window_busy = (UNIQ_WINDOW_NS - slept) * 10000u / UNIQ_WINDOW_NS;
            uniq_window = (uint32_t)window;
            uniq_count = 0;
            window_writes = 0;
            window_start_ns = start + (window - 1) * UNIQ_WINDOW_NS;
            /* the last sleep's share in the new window (a pause may have skipped windows) */
            window_slept_ns = carry_slept_ns == 0 || sleep_end_ns <= window_start_ns ? 0
                    : carry_slept_ns < sleep_end_ns - window_start_ns ? carry_slept_ns
                    : sleep_end_ns - window_start_ns;
            carry_slept_ns = 0;
        }
        if (now >= next_hb) {
            for (uint64_t i = 0; i < check_per_beat; i++) {
                uint64_t *page = mem + cursor * PAGE_WORDS;
                uint64_t s = page_sum(page);
                if (s != shadow[cursor]) {
                    corrupt++;
                    if (corrupt <= MAX_CORRUPT_LINES) {
                        int m = snprintf(line, sizeof line, "FERRY-CORRUPT page=%llu seq=%llu\n",
                                (unsigned long long)cursor, (unsigned long long)seq + 1);
                        out(line, m);
                    }
                    shadow[cursor] = s;
                }
                checked++;
                if (++cursor == pages) {
                    cursor = 0;
                    passes++;
                }
            }
            uint64_t t = now_ns();
            uint64_t dt = t - last_beat;
            uint64_t wps = dt == 0 ? 0 : writes_since_beat * 1000000000ull / dt;
            seq++;
            n = snprintf(line, sizeof line,
                    "FERRY-HB seq=%llu t_ms=%llu wps=%llu rate=%llu corrupt=%llu checked=%llu passes=%llu "
                    "uwin=%llu uwrites=%llu uniq=%llu ubusy=%llu\n",
                    (unsigned long long)seq, (unsigned long long)((t - start) / 1000000u),
                    (unsigned long long)wps, (unsigned long long)cur_rate, (unsigned long long)corrupt,
                    (unsigned long long)checked, (unsigned long long)passes, (unsigned long long)last_window,
                    (unsigned long long)last_window_writes, (unsigned long long)last_window_uniq,
                    (unsigned long long)last_window_busy);
            out(line, n);
            writes_since_beat = 0;
            last_beat = t;
            next_hb += hb_ns;
            if (next_hb <= t) {
                /* the guest did not run for more than a period (paused, migrated): no burst of beats */
                next_hb = t + hb_ns;
            }
            if (nsteps > 0) {
                uint64_t pos = (t - start) % cycle_ns;
                int i = 0;
                while (pos >= steps[i].ns) {
                    pos -= steps[i].ns;
                    i++;
                }
                if (steps[i].rate != cur_rate) {
                    cur_rate = steps[i].rate;
                    epoch = t;
                    written_since_epoch = 0;
                }
            }
            continue;
        }
        if (mode == IDLE) {
            sleep_until(next_hb);
            continue;
        }
        uint64_t batch = WRITE_BATCH;
        if (cur_rate != 0) {
            uint64_t due = (now - epoch) * cur_rate / 1000000000ull;
            if (due > written_since_epoch + cur_rate / 10) {
                /* more than 100 ms behind (the guest was paused): do not catch up in a burst */
                epoch = now;
                written_since_epoch = 0;
                due = 0;
            }
            if (due <= written_since_epoch) {
                uint64_t wake = epoch + (written_since_epoch + WRITE_BATCH) * 1000000000ull / cur_rate;
                sleep_until(wake < next_hb ? wake : next_hb);
                continue;
            }
            batch = due - written_since_epoch;
            if (batch > WRITE_BATCH) {
                batch = WRITE_BATCH;
            }
        } else if (nsteps > 0) {
            /* a schedule step of rate 0 idles, unlike ferry.rate=0 which means "as fast as possible" */
            sleep_until(next_hb);
            continue;
        }
        for (uint64_t i = 0; i < batch; i++) {
            uint64_t p;
            switch (mode) {
            case UNIFORM:
                p = next_random() % pages;
                break;
            case SWEEP:
                p = sweep;
                if (++sweep == hot_pages) {
                    sweep = 0;
                }
                break;
            default: /* HOTCOLD */
                p = (next_random() % 100u) < hot_pct ? next_random() % hot_pages : next_random() % pages;
                break;
            }
            write_page(p);
        }
        writes_since_beat += batch;
        written_since_epoch += batch;
        window_writes += batch;
    }
}
