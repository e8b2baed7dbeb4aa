package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code event.from} through the real SDK: every object first, then what changed since the token. */
class SdkEventsTest {

    private final ManualClock clock = new ManualClock();
    private XapiSimulator sim;
    private Connection c;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.manual(clock).build().start();
        c = Simulators.login(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void eventFromWhenTokenIsEmptyThenEveryObjectIsAnAddWithATypedSnapshot() throws Exception {
        EventBatch batch = Event.from(c, Set.of("vm"), "", 5.0);

        Map<VM, VM.Record> vms = VM.getAllRecords(c);
        assertThat(batch.events).hasSize(vms.size()).allSatisfy(e -> {
            assertThat(e.clazz).isEqualTo("vm");
            assertThat(e.operation).isEqualTo(Types.EventOperation.ADD);
            assertThat(e.snapshot).isInstanceOf(VM.Record.class);
            assertThat(((VM.Record) e.snapshot).uuid).isEqualTo(vms.get(Types.toVM(e.ref)).uuid);
            assertThat(e.id).isPositive();
            assertThat(e.timestamp).isEqualTo(new Date(0));
        });
        assertThat(batch.token).matches("\\d{20},\\d{20}");
        assertThat(batch.validRefCounts).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) batch.validRefCounts).get("vm")).isEqualTo(vms.size());
    }

    @Test
    void eventFromWhenNothingChangesThenItReturnsEmptyAfterTheTimeout() throws Exception {
        EventBatch first = Event.from(c, Set.of("vm", "host"), "", 1.0);

        EventBatch next = Event.from(c, Set.of("vm", "host"), first.token, 0.2);

        assertThat(next.events).isEmpty();
        assertThat(next.token.compareTo(first.token)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void eventFromWhenAMigrationRunsThenModsAndAddsSinceTheTokenUntilTheVmMoves() throws Exception {
        EventBatch first = Event.from(c, Set.of("vm", "task", "host"), "", 1.0);
        VM vm = runningGuest();
        Host source = vm.getResidentOn(c);
        Host target = otherHost(source);

        Task task = vm.poolMigrateAsync(c, target, Map.of());
        EventBatch started = Event.from(c, Set.of("vm", "task", "host"), first.token, 1.0);

        assertThat(started.events).anySatisfy(e -> {
            assertThat(e.clazz).isEqualTo("task");
            assertThat(e.operation).isEqualTo(Types.EventOperation.ADD);
            assertThat(e.ref).isEqualTo(task.toWireString());
            assertThat(((Task.Record) e.snapshot).status).isEqualTo(Types.TaskStatusType.PENDING);
        });
        assertThat(started.events).anySatisfy(e -> {
            assertThat(e.operation).isEqualTo(Types.EventOperation.MOD);
            assertThat(e.ref).isEqualTo(vm.toWireString());
            assertThat(((VM.Record) e.snapshot).currentOperations).containsValue(Types.VmOperations.POOL_MIGRATE);
        });
        assertThat(started.events).noneSatisfy(e -> assertThat(e.clazz).isEqualTo("host"));

        // follow the migration by events only, as an adapter would
        String token = started.token;
        boolean moved = false;
        for (int i = 0; i < 400 && !moved; i++) {
            clock.advance(0.5);
            EventBatch batch = Event.from(c, Set.of("vm/" + vm.toWireString(), "task/" + task.toWireString()),
                    token, 0.05);
            token = batch.token;
            for (Event.Record e : batch.events) {
                if (e.clazz.equals("vm") && ((VM.Record) e.snapshot).residentOn.equals(target)) {
                    moved = true;
                    assertThat(task.getStatus(c)).isEqualTo(Types.TaskStatusType.SUCCESS);
                }
                assertThat(e.ref).isIn(vm.toWireString(), task.toWireString());
            }
        }
        assertThat(moved).isTrue();
    }

    @Test
    void eventFromWhenATaskIsDestroyedThenADelEvent() throws Exception {
        VM halted = null;
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            if (!e.getValue().isControlDomain && !e.getValue().isATemplate
                    && e.getValue().powerState == Types.VmPowerState.HALTED) {
                halted = e.getKey();
            }
        }
        Task failed = halted.poolMigrateAsync(c, Host.getAll(c).iterator().next(), Map.of());
        EventBatch before = Event.from(c, Set.of("task"), "", 1.0);
        assertThat(before.events).extracting(e -> e.ref).contains(failed.toWireString());

        failed.destroy(c);
        EventBatch after = Event.from(c, Set.of("*"), before.token, 1.0);

        assertThat(after.events).singleElement().satisfies(e -> {
            assertThat(e.operation).isEqualTo(Types.EventOperation.DEL);
            assertThat(e.clazz).isEqualTo("task");
            assertThat(e.ref).isEqualTo(failed.toWireString());
            assertThat(e.snapshot).isNull();
        });
    }

    @Test
    void eventFromWhenClassesAreStarThenEveryClassIsReported() throws Exception {
        EventBatch all = Event.from(c, Set.of("*"), "", 1.0);

        Set<String> classes = all.events.stream().map(e -> e.clazz).collect(Collectors.toSet());
        assertThat(classes).containsExactlyInAnyOrder("pool", "host", "host_metrics", "vm", "vm_metrics",
                "vm_guest_metrics");
    }

    @Test
    void eventFromWhenTokenIsGarbageThenEventFromTokenParseFailure() throws Exception {
        assertThatThrownBy(() -> Event.from(c, Set.of("vm"), "not-a-token", 1.0))
                .isInstanceOfSatisfying(Types.EventFromTokenParseFailure.class,
                        e -> assertThat(e.token).isEqualTo("not-a-token"));
    }

    private VM runningGuest() throws Exception {
        List<Map.Entry<VM, VM.Record>> guests = VM.getAllRecords(c).entrySet().stream()
                .filter(e -> !e.getValue().isControlDomain && !e.getValue().isATemplate
                        && e.getValue().powerState == Types.VmPowerState.RUNNING)
                .sorted(java.util.Comparator.comparing(e -> e.getValue().memoryStaticMax)).toList();
        return guests.get(0).getKey();
    }

    private Host otherHost(Host source) throws Exception {
        for (Host h : Host.getAll(c)) {
            if (!h.equals(source)) {
                return h;
            }
        }
        throw new AssertionError();
    }
}
