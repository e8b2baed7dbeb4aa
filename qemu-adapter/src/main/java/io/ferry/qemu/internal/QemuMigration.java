package io.ferry.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationOutcome.Status;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationProgress.Phase;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.QemuMigrationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One real QEMU migration, executed as its policy decides, and its handle.
 *
 * <p>The sequence: start the destination on the target host with the source's command line plus
 * {@code -incoming defer}; set capabilities on both ends ({@code postcopy-ram} on both, so the policy may switch
 * at any time; {@code postcopy-blocktime} on the destination; {@code events} and the optional auto-converge,
 * XBZRLE, multifd on the source); set {@code downtime-limit} from the request's downtime budget,
 * {@code max-bandwidth} from the request's link (never above the pool's cap) and {@code max-postcopy-bandwidth}
 * apart from it (QEMU applies only this one after the switch): the request link's post-copy cap or the pool's,
 * the lower of the two, or 0 (QEMU's default, unlimited) when neither asks for one, always sent so that a source
 * that kept an earlier migration's cap (a cancelled one) does not apply it again;
 * {@code migrate-incoming}, {@code migrate} over a Unix socket; then poll {@code query-migrate} every
 * {@code pollInterval}.
 *
 * <p>Decisions: the steering's {@code begin} runs before {@code migrate}; a {@code SwitchToPostCopy} there issues
 * {@code migrate-start-postcopy} at once (pure post-copy). A round is one of QEMU's dirty-bitmap syncs: each time
 * {@code dirty-sync-count} rises while QEMU is still in pre-copy, one round has ended (QEMU also syncs when its
 * remaining estimate falls below its convergence threshold, so a round of a non-converging guest can be shorter
 * than a full pass over the dirty set) and {@code afterRound} gets a {@link RoundReport} built from
 * {@code query-migrate} (round = sync count - 1, pending = {@code remaining} / page size, QEMU's
 * {@code dirty-pages-rate}, the bandwidth of the bytes sent since the previous round end). {@code SwitchToPostCopy}
 * issues {@code migrate-start-postcopy} (hybrid); {@code StopAndCopy} with the pool's FORCE setting raises
 * {@code downtime-limit} to QEMU's maximum, so QEMU pauses the guest and sends the rest at its next check, the
 * stop-and-copy the engine models (with WAIT, QEMU keeps its own rule). Page orders and pre-paging windows are
 * ignored: QEMU orders pages itself, and this adapter does not offer {@code PAGE_ORDER}. A steering that throws or
 * answers null is treated as stop-and-copy and named in the outcome's detail.
 *
 * <p>Ends: completed, the source process is stopped by its PID and the guest lives in the destination process;
 * cancelled (on request, or after {@code migrationTimeout} still in pre-copy: {@code migrate_cancel}) or failed,
 * the destination process is stopped and the guest runs on in the source. A post-copy phase cannot be cancelled;
 * past {@code postcopyTimeout} it is abandoned, both processes stopped and the guest reported lost.
 *
 * <p>Figures: {@code total-time}, {@code transferred}, pages sent ({@code normal} + {@code duplicate}), rounds
 * (the sync count when the guest left the source, less the setup sync and that final sync), QEMU's
 * {@code downtime} for a pre-copy, the heartbeat pause once post-copy ran (QEMU's figure is wrong there), the
 * source's {@code postcopy-requests} and the destination's {@code postcopy-blocktime}. Cost: one thread for the
 * migration's length, one QMP round trip per poll.
 */
final class QemuMigration implements MigrationHandle {

    private final QemuHypervisorAdapter pool;
    private final QemuSettings settings;
    private final MigrationId id;
    private final MigrationRequest request;
    private final MigrationSteering steering;
    private final GuestRecord guest;
    private final QemuProcess source;
    private final HostId target;
    private final Path socket;
    private final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();
    private final CompletionStage<MigrationOutcome> publicOutcome = outcome.minimalCompletionStage();
    private final CountDownLatch cancelSignal = new CountDownLatch(1);
    private final long createdNanos = System.nanoTime();

    private volatile MigrationProgress progress = new MigrationProgress(0, Phase.QUEUED, 0, Duration.ZERO, 0);
    private volatile boolean cancelRequested;
    private volatile QemuMigrationReport report;

    // state of the run, confined to the migration thread
    private QemuProcess destination;
    private final List<RoundReport> rounds = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Why the steering stopped being followed (its first failure), or null while it steers. */
    private volatile String fallback;
    private long startNanos;
    private long switchRequestedNanos = -1;
    private boolean sawPostcopy;
    private boolean terminalDecision;
    /** The round after which the policy forced a stop-and-copy, or -1. */
    private int forcedAfterRound = -1;
    /** The last RAM statistics seen on the source (a cancelled migration's query-migrate has none). */
    private JsonNode lastRam = QmpClient.arguments();
    private String lastDecision = "none";

    QemuMigration(QemuHypervisorAdapter pool, QemuSettings settings, MigrationId id, MigrationRequest request,
            MigrationSteering steering, GuestRecord guest, QemuProcess source, Path socket) {
        this.pool = pool;
        this.settings = settings;
        this.id = id;
        this.request = request;
        this.steering = steering;
        this.guest = guest;
        this.source = source;
        this.target = request.target();
        this.socket = socket;
    }

    @Override
    public MigrationId id() {
        return id;
    }

    @Override
    public MigrationProgress progress() {
        return progress;
    }

    @Override
    public CompletionStage<MigrationOutcome> outcome() {
        return publicOutcome;
    }

    /** Asks for {@code migrate_cancel}; ignored once post-copy has started (the migration then completes). */
    @Override
    public void cancel() {
        cancelRequested = true;
        cancelSignal.countDown();
    }

    /** @return the full report once the migration has ended, else null */
    QemuMigrationReport report() {
        return report;
    }

    GuestRecord guest() {
        return guest;
    }

    HostId target() {
        return target;
    }

    /** @return the destination process once started, else null (read by the pool after {@link #run} ends) */
    QemuProcess destination() {
        return destination;
    }

    /** @return the outcome future, for the pool's shutdown */
    CompletableFuture<MigrationOutcome> outcomeFuture() {
        return outcome;
    }

    /** Runs the migration to its end on the calling thread and completes the outcome exactly once. */
    void run() {
        Ending end;
        try {
            end = drive();
        } catch (HypervisorException e) {
            end = failed(e.getMessage(), null);
        } catch (RuntimeException | Error e) {
            end = failed("unexpected " + e, null);
        }
        progress = new MigrationProgress(end.status == Status.COMPLETED ? 1 : progress.fraction(), Phase.DONE,
                0, elapsed(), progress.bytesSent());
        report = end.report;
        pool.migrationEnded(this, end.status == Status.COMPLETED ? destination : null, end.lost);
        outcome.complete(end.outcome);
    }

    private Ending drive() throws HypervisorException {
        destination = pool.startProcess(target, guest.spec, true);
        try {
            configure();
            destination.qmp("migrate-incoming", QmpClient.arguments().put("uri", "unix:" + socket));
        } catch (HypervisorException e) {
            return failed("cannot prepare the migration: " + e.getMessage(), null);
        }
        RoundDecision first = consult(() -> steering.begin(Optional.empty()), "begin");
        startNanos = System.nanoTime();
        try {
            source.qmp("migrate", QmpClient.arguments().put("uri", "unix:" + socket));
        } catch (HypervisorException e) {
            return failed("QEMU refused to start the migration: " + e.getMessage(), null);
        }
        act(first);

        int lastSync = 1;
        long lastRoundNanos = startNanos;
        long lastRoundBytes = 0;
        boolean cancelSent = false;
        boolean timedOut = false;
        int syncWhenLeft = -1;
        JsonNode q;
        while (true) {
            awaitPoll();
            q = source.qmp("query-migrate", null);
            String status = q.path("status").asText("none");
            JsonNode ram = q.path("ram");
            if (ram.has("transferred")) {
                lastRam = ram;
            }
            int sync = ram.path("dirty-sync-count").asInt(lastSync);
            updateProgress(status, ram, sync);
            switch (status) {
                case "completed" -> {
                    if (syncWhenLeft < 0) {
                        syncWhenLeft = sync;
                    }
                    return completed(q, syncWhenLeft, timedOut);
                }
                case "failed" -> {
                    return failed("QEMU: " + q.path("error-desc").asText("migration failed"), q);
                }
                case "cancelled" -> {
                    return cancelled(q, timedOut, sync);
                }
                default -> {
                    // still running
                }
            }
            if (status.startsWith("postcopy")) {
                sawPostcopy = true;
                if (syncWhenLeft < 0) {
                    syncWhenLeft = sync;
                }
            }
            if (switchRequestedNanos >= 0) {
                // past the switch request: never cancel (QEMU may be switching), only bound the wait
                if (System.nanoTime() - switchRequestedNanos > settings.postcopyTimeout().toNanos()) {
                    if (sawPostcopy) {
                        return lost("post-copy still running " + settings.postcopyTimeout().toSeconds()
                                + " s after the switch (status " + status + "): abandoned");
                    }
                    if (!cancelSent) {
                        source.qmp("migrate_cancel", null);
                        cancelSent = true;
                        timedOut = true;
                        notes.add("QEMU did not switch to post-copy within " + settings.postcopyTimeout().toSeconds()
                                + " s: cancelled");
                    }
                }
                continue;
            }
            if (!cancelSent) {
                if (cancelRequested) {
                    source.qmp("migrate_cancel", null);
                    cancelSent = true;
                    notes.add("cancelled on request");
                    continue;
                }
                if (System.nanoTime() - startNanos > settings.migrationTimeout().toNanos()) {
                    source.qmp("migrate_cancel", null);
                    cancelSent = true;
                    timedOut = true;
                    notes.add("did not converge within " + settings.migrationTimeout().toSeconds()
                            + " s: cancelled");
                    continue;
                }
            }
            if ("active".equals(status) && sync > lastSync && !cancelSent) {
                long now = System.nanoTime();
                long bytes = ram.path("transferred").asLong(0);
                int page = Math.max(1, ram.path("page-size").asInt(request.pageSizeBytes()));
                double seconds = Math.max(1e-9, (now - lastRoundNanos) / 1e9);
                double rate = ram.path("dirty-pages-rate").asDouble(Double.NaN);
                RoundReport r = new RoundReport(sync - 1, Duration.ofNanos(now - startNanos),
                        Duration.ofNanos(now - lastRoundNanos), Math.max(0, (bytes - lastRoundBytes) / page),
                        ram.path("remaining").asLong(0) / page, rate,
                        Math.max(0, (bytes - lastRoundBytes) / seconds), bytes);
                rounds.add(r);
                lastRoundNanos = now;
                lastRoundBytes = bytes;
                if (!terminalDecision) {
                    act(consult(() -> steering.afterRound(r, Optional.empty()), "afterRound(" + r.round() + ")"));
                }
            }
            lastSync = Math.max(lastSync, sync);
        }
    }

    private void configure() throws HypervisorException {
        boolean postcopy = settings.multifdChannels() == 0;
        ArrayNode src = QmpClient.arguments().arrayNode();
        capability(src, "events", true);
        capability(src, "postcopy-ram", postcopy);
        capability(src, "auto-converge", settings.autoConverge());
        capability(src, "xbzrle", settings.xbzrle());
        capability(src, "multifd", settings.multifdChannels() > 0);
        if (postcopy && settings.postcopyPreempt()) {
            capability(src, "postcopy-preempt", true);
        }
        ArrayNode dst = QmpClient.arguments().arrayNode();
        capability(dst, "postcopy-ram", postcopy);
        capability(dst, "postcopy-blocktime", postcopy);
        capability(dst, "multifd", settings.multifdChannels() > 0);
        if (postcopy && settings.postcopyPreempt()) {
            capability(dst, "postcopy-preempt", true);
        }
        source.qmp("migrate-set-capabilities", capabilities(src));
        destination.qmp("migrate-set-capabilities", capabilities(dst));
        if (settings.multifdChannels() > 0) {
            destination.qmp("migrate-set-parameters",
                    QmpClient.arguments().put("multifd-channels", settings.multifdChannels()));
        }
        setParameters(source::qmp, settings, request);
    }

    /** Sends one QMP command (a process's {@code qmp}, or a client's {@code execute} in tests). */
    @FunctionalInterface
    interface QmpSender {
        JsonNode send(String command, ObjectNode arguments) throws HypervisorException;
    }

    /**
     * Sets the source's migration parameters for {@code request}: {@code downtime-limit} (the budget),
     * {@code max-bandwidth} (the lower of the request's link and the pool's cap), {@code max-postcopy-bandwidth}
     * when the pool can post-copy ({@link QemuSettings#postcopyCapFor}; 0 = QEMU's default, unlimited) and
     * {@code multifd-channels} with multifd.
     *
     * @return the parameters sent
     */
    static ObjectNode setParameters(QmpSender source, QemuSettings settings, MigrationRequest request)
            throws HypervisorException {
        long bandwidth = Math.round(Math.min(settings.bandwidthCapBytesPerSec(),
                request.link().bandwidthBytesPerSec()));
        ObjectNode params = QmpClient.arguments()
                .put("downtime-limit", Math.max(1, request.downtimeBudget().toMillis()))
                .put("max-bandwidth", bandwidth);
        if (settings.multifdChannels() == 0) {
            params.put("max-postcopy-bandwidth",
                    Math.round(settings.postcopyCapFor(request.link().postcopyBandwidthBytesPerSec())));
        } else {
            params.put("multifd-channels", settings.multifdChannels());
        }
        source.send("migrate-set-parameters", params);
        return params;
    }

    private static void capability(ArrayNode caps, String name, boolean state) {
        caps.addObject().put("capability", name).put("state", state);
    }

    private static ObjectNode capabilities(ArrayNode caps) {
        ObjectNode args = QmpClient.arguments();
        args.set("capabilities", caps);
        return args;
    }

    private RoundDecision consult(Supplier<RoundDecision> call, String what) {
        try {
            RoundDecision d = call.get();
            if (d != null) {
                return d;
            }
            fallBack("steering " + what + " answered null: stop-and-copy");
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: the steering's classes went with its bundle (updated or uninstalled meanwhile)
            fallBack("steering " + what + " failed (" + e + "): stop-and-copy");
        }
        return new RoundDecision.StopAndCopy();
    }

    private void fallBack(String why) {
        notes.add(why);
        if (fallback == null) {
            fallback = why;
        }
    }

    private void act(RoundDecision decision) throws HypervisorException {
        if (decision instanceof RoundDecision.SwitchToPostCopy) {
            if (settings.multifdChannels() > 0) {
                notes.add("the policy asked for post-copy, which this pool cannot run with multifd: stop-and-copy");
                act(new RoundDecision.StopAndCopy());
                return;
            }
            source.qmp("migrate-start-postcopy", null);
            switchRequestedNanos = System.nanoTime();
            terminalDecision = true;
            lastDecision = "switch to post-copy after " + roundsSeen() + " round(s)";
        } else if (decision instanceof RoundDecision.StopAndCopy) {
            terminalDecision = true;
            if (settings.stopAndCopy() == QemuSettings.StopAndCopy.FORCE) {
                forcedAfterRound = roundsSeen();
                source.qmp("migrate-set-parameters",
                        QmpClient.arguments().put("downtime-limit", QemuSettings.QEMU_MAX_DOWNTIME_MILLIS));
                lastDecision = "stop-and-copy after " + roundsSeen() + " round(s) (forced)";
            } else {
                lastDecision = "stop-and-copy after " + roundsSeen() + " round(s) (left to QEMU's downtime limit)";
            }
        } else {
            lastDecision = "pre-copy round " + (roundsSeen() + 1);
        }
    }

    /** @return the number of the last round the policy was told about, 0 before the first */
    private int roundsSeen() {
        return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).round();
    }

    private void awaitPoll() {
        try {
            cancelSignal.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelRequested = true;
        }
        if (cancelSignal.getCount() == 0) {
            // stay responsive once cancelled, without spinning
            try {
                Thread.sleep(Math.min(20, settings.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void updateProgress(String status, JsonNode ram, int sync) {
        long total = ram.path("total").asLong(0);
        long remaining = ram.path("remaining").asLong(0);
        double fraction = total <= 0 ? 0 : Math.max(0, Math.min(1, 1 - (double) remaining / total));
        Phase phase = switch (status) {
            case "setup", "active", "wait-unplug", "cancelling" -> Phase.PRE_COPY;
            case "device", "pre-switchover" -> Phase.STOP_AND_COPY;
            case "completed" -> Phase.DONE;
            default -> status.startsWith("postcopy") ? Phase.POST_COPY : Phase.PRE_COPY;
        };
        progress = new MigrationProgress(fraction, phase, phase == Phase.PRE_COPY ? Math.max(0, sync - 1) : 0,
                elapsed(), Math.max(0, ram.path("transferred").asLong(0)));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - (startNanos == 0 ? createdNanos : startNanos));
    }

    private Ending completed(JsonNode q, int syncWhenLeft, boolean timedOut) {
        long doneNanos = System.nanoTime();
        JsonNode ram = q.path("ram");
        Optional<Duration> blocktime = Optional.empty();
        try {
            JsonNode dq = destination.qmp("query-migrate", null);
            if (dq.has("postcopy-blocktime")) {
                blocktime = Optional.of(Duration.ofMillis(dq.get("postcopy-blocktime").asLong()));
            }
        } catch (HypervisorException e) {
            notes.add("destination query-migrate: " + e.getMessage());
        }
        boolean postcopyRan = sawPostcopy || ram.path("postcopy-bytes").asLong(0) > 0;
        // QEMU syncs once more before it stops (completion) or switches; a forced stop adds one exact-pending sync
        // of a round cut short by the decision, which the policy never saw end
        int roundCount = forcedAfterRound >= 0 && !postcopyRan ? forcedAfterRound : Math.max(0, syncWhenLeft - 2);
        Technique technique = !postcopyRan ? Technique.PRE_COPY : roundCount == 0 ? Technique.POST_COPY
                : Technique.HYBRID;
        Pause pause = measurePause(doneNanos, postcopyRan);
        Optional<Duration> qemuDowntime = q.has("downtime") ? Optional.of(Duration.ofMillis(q.get("downtime").asLong()))
                : Optional.empty();
        Duration downtime = postcopyRan
                ? pause.handover.or(() -> qemuDowntime).orElse(Duration.ZERO)
                : qemuDowntime.or(() -> pause.handover).orElse(Duration.ZERO);
        if (postcopyRan && pause.handover.isEmpty()) {
            notes.add("no heartbeats: the pause is QEMU's post-copy figure, which is unreliable");
        }
        Duration total = Duration.ofMillis(q.path("total-time").asLong(elapsed().toMillis()));
        long page = Math.max(1, ram.path("page-size").asLong(request.pageSizeBytes()));
        long pagesSent = ram.path("normal").asLong(0) + ram.path("duplicate").asLong(0);
        long guestPages = ram.path("total").asLong(0) / page;
        long requests = ram.path("postcopy-requests").asLong(0);
        Duration degraded = postcopyRan && switchRequestedNanos >= 0
                ? Duration.ofNanos(Math.max(0, doneNanos - switchRequestedNanos)) : Duration.ZERO;
        if (degraded.compareTo(total) > 0) {
            degraded = total;
        }
        Duration stall = blocktime.orElse(Duration.ZERO);
        MigrationMetrics metrics = new MigrationMetrics(total, downtime, ram.path("transferred").asLong(0), pagesSent,
                Math.max(0, pagesSent - guestPages), roundCount, requests, degraded,
                stall.compareTo(degraded) > 0 ? degraded : stall, downtime.compareTo(request.downtimeBudget()) > 0);
        String detail = String.format("completed by %s in %d ms, %d round(s), pause %d ms%s", technique,
                total.toMillis(), roundCount, downtime.toMillis(), notesSuffix());
        QemuMigrationReport r = new QemuMigrationReport(id, guest.id, request.source(), target, Status.COMPLETED,
                technique, total, Duration.ofMillis(q.path("setup-time").asLong(0)), qemuDowntime, pause.handover,
                pause.maxStall, switchRequestedNanos >= 0
                        ? Optional.of(Duration.ofNanos(Math.max(0, switchRequestedNanos - startNanos)))
                        : Optional.empty(),
                roundCount, ram.path("transferred").asLong(0), ram.path("precopy-bytes").asLong(0),
                ram.path("postcopy-bytes").asLong(0), requests, blocktime, rounds, timedOut, detail);
        MigrationOutcome o = new MigrationOutcome(id, guest.id, request.source(), target, Status.COMPLETED, target,
                technique, Optional.of(metrics), detail, Optional.ofNullable(fallback));
        return new Ending(Status.COMPLETED, o, r, false);
    }

    /** The heartbeat pause around the hand-over and the longest stall on the destination during post-copy. */
    private record Pause(Optional<Duration> handover, Optional<Duration> maxStall) {
    }

    private Pause measurePause(long doneNanos, boolean postcopyRan) {
        source.tail().poll();
        Optional<Heartbeat> lastSource = source.tail().last();
        if (lastSource.isEmpty()) {
            return new Pause(Optional.empty(), Optional.empty());
        }
        long deadline = System.nanoTime() + settings.heartbeatWait().toNanos();
        HeartbeatTail dst = destination.tail();
        dst.poll();
        while (dst.count() == 0 && System.nanoTime() < deadline) {
            sleepMillis(Math.max(1, settings.tailPeriod().toMillis()));
            dst.poll();
        }
        Optional<Heartbeat> firstDest = dst.first();
        if (firstDest.isEmpty()) {
            notes.add("no heartbeat from the destination within " + settings.heartbeatWait().toMillis() + " ms");
            return new Pause(Optional.empty(), Optional.empty());
        }
        long period = Duration.ofMillis(guest.spec.heartbeatMillis()).toNanos();
        if (firstDest.get().sequence() != lastSource.get().sequence() + 1) {
            notes.add("heartbeat " + lastSource.get().sequence() + " on the source, "
                    + firstDest.get().sequence() + " first on the destination");
        }
        Duration handover = Duration.ofNanos(Math.max(0,
                firstDest.get().hostNanos() - lastSource.get().hostNanos() - period));
        Optional<Duration> maxStall = Optional.empty();
        if (postcopyRan) {
            long prev = firstDest.get().hostNanos();
            long worst = 0;
            for (Heartbeat h : dst.heartbeats()) {
                if (h.hostNanos() > doneNanos) {
                    break;
                }
                worst = Math.max(worst, h.hostNanos() - prev - period);
                prev = h.hostNanos();
            }
            maxStall = Optional.of(Duration.ofNanos(Math.max(0, worst)));
        }
        return new Pause(Optional.of(handover), maxStall);
    }

    private Ending cancelled(JsonNode q, boolean timedOut, int sync) {
        String detail = (timedOut ? "not converged: " : "cancelled: ") + "the guest stays on " + request.source()
                + " after " + Math.max(0, sync - 1) + " round(s), " + lastRam.path("transferred").asLong(0)
                + " bytes sent" + notesSuffix();
        return ended(Status.CANCELLED, q, timedOut, detail, sync);
    }

    private Ending failed(String why, JsonNode q) {
        if (destination != null && switchRequestedNanos < 0) {
            try {
                if (source.alive()) {
                    source.qmp("migrate_cancel", null);
                }
            } catch (HypervisorException ignored) {
                // the source may have finished or failed already
            }
        }
        if (!source.alive()) {
            return lost("the source QEMU died: " + source.describeDeath() + " (" + why + ")");
        }
        String dst = destination == null ? "" : destination.firstErrorLine();
        return ended(Status.FAILED, q, false, "failed: " + why + (dst.isEmpty() ? "" : " (destination: " + dst + ")")
                + notesSuffix(), Math.max(1, progress.round() + 1));
    }

    private Ending lost(String why) {
        String detail = "failed: " + why + "; the guest is lost (neither host holds all its memory)" + notesSuffix();
        Ending e = ended(Status.FAILED, null, false, detail, 1);
        return new Ending(e.status, e.outcome, e.report, true);
    }

    private Ending ended(Status status, JsonNode q, boolean timedOut, String detail, int sync) {
        JsonNode ram = q != null && q.path("ram").has("transferred") ? q.path("ram") : lastRam;
        Duration total = elapsed();
        QemuMigrationReport r = new QemuMigrationReport(id, guest.id, request.source(), target, status,
                !sawPostcopy ? Technique.PRE_COPY : rounds.isEmpty() ? Technique.POST_COPY : Technique.HYBRID,
                total, Duration.ofMillis(q == null ? 0 : q.path("setup-time").asLong(0)), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Math.max(0, sync - 1),
                ram.path("transferred").asLong(0), ram.path("precopy-bytes").asLong(0),
                ram.path("postcopy-bytes").asLong(0), ram.path("postcopy-requests").asLong(0), Optional.empty(),
                rounds, timedOut, detail);
        MigrationOutcome o = new MigrationOutcome(id, guest.id, request.source(), target, status, request.source(),
                r.technique(), Optional.empty(), detail);
        return new Ending(status, o, r, false);
    }

    private String notesSuffix() {
        String decided = "; policy: " + lastDecision;
        return notes.isEmpty() ? decided : decided + "; " + String.join("; ", notes);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How the run ended: the outcome to publish, the report, and whether the guest was lost. */
    private record Ending(Status status, MigrationOutcome outcome, QemuMigrationReport report, boolean lost) {
    }

    @Override
    public String toString() {
        return "QemuMigration[" + id + " " + guest.id + " " + request.source() + " -> " + target + "]";
    }
}
