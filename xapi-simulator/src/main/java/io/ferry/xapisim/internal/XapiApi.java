package io.ferry.xapisim.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The XenAPI methods the simulator answers, dispatched as xapi does: the method must exist
 * ({@code MESSAGE_METHOD_UNKNOWN}), an {@code Async.} call must have an async mode (else an XML-RPC fault, a
 * protocol-level problem), the parameter count must match ({@code MESSAGE_PARAMETER_COUNT_MISMATCH}), the
 * session must be valid ({@code SESSION_INVALID}); then the method checks its handles ({@code HANDLE_INVALID})
 * and its own rules. An {@code Async.} call returns a task at once: every error after the session check ends
 * that task in {@code failure} with the error in {@code error_info}.
 *
 * <p>Methods: {@code session.login_with_password} (2 to 4 parameters; the {@code version} and
 * {@code originator} are ignored, as xapi does), {@code session.logout}; for {@code pool}, {@code host},
 * {@code host_metrics}, {@code VM}, {@code VM_metrics}, {@code VM_guest_metrics} and {@code task}:
 * {@code get_all}, {@code get_all_records}, {@code get_record}, {@code get_by_uuid}, and {@code get_<field>}
 * for every field of the record ({@code host.get_API_version_major}, {@code VM.get_resident_on}, ...);
 * {@code get_by_name_label} for hosts, VMs and tasks; {@code session.get_record}, {@code get_by_uuid} and its
 * field getters ({@code session.get_this_host}); {@code host.compute_free_memory},
 * {@code host.migrate_receive}, {@code host.query_data_source}; {@code VM.pool_migrate},
 * {@code VM.assert_can_migrate}, {@code VM.query_data_source}; {@code task.cancel}, {@code task.destroy};
 * {@code event.from}. Non-getters have an {@code Async.} mode.
 *
 * <p>Thread-safe: every call runs under the pool's lock ({@link XapiPool#call}); {@code event.from} and a
 * synchronous {@code VM.pool_migrate} wait on its condition, releasing it.
 */
final class XapiApi {

    /** XenServer 8.1 ("quebec") speaks API 2.14, which the 8.1 SDK maps to {@code API_2_14}. */
    static final long API_VERSION_MAJOR = 2;
    static final long API_VERSION_MINOR = 14;

    /** The answer to one call. */
    sealed interface Reply permits Success, Failure, Fault {
    }

    /** {@code Status: Success} with a value. */
    record Success(Object value) implements Reply {
    }

    /** {@code Status: Failure} with an error description. */
    record Failure(List<String> description) implements Reply {
    }

    /** An XML-RPC fault: a protocol-level problem. */
    record Fault(int code, String message) implements Reply {
    }

    /** The fault code of an {@code Async.} call to a method without an async mode. */
    static final int NO_ASYNC_FAULT = 1;

    private enum Async {
        /** No {@code Async.} variant. */
        NONE,
        /** The task ends with the method's result as soon as the method returns. */
        IMMEDIATE,
        /** The method ends the task itself later (a migration). */
        DEFERRED
    }

    private static final Object LATER = new Object();

    @FunctionalInterface
    private interface Handler {
        Object handle(Call c) throws ApiError;
    }

    private record Method(int minParams, int maxParams, boolean session, Async async, Handler handler) {
    }

    /** One call being executed. */
    private static final class Call {
        final String name;
        final List<Object> params;
        final Model.Host via;
        Model.Session session;
        Model.Task task;

        Call(String name, List<Object> params, Model.Host via) {
            this.name = name;
            this.params = params;
            this.via = via;
        }
    }

    private final XapiPool pool;
    private final Records records;
    private final Telemetry telemetry;
    private final Map<String, Method> methods = new HashMap<>();

    XapiApi(XapiPool pool, Telemetry telemetry) {
        this.pool = pool;
        this.records = new Records(pool);
        this.telemetry = telemetry;
        register();
    }

    Records records() {
        return records;
    }

    // ------------------------------------------------------------------ dispatch

    /**
     * Executes one call.
     *
     * @param name   the method name as sent
     * @param params the parameters as parsed
     * @param via    the host whose address the call came to
     */
    Reply dispatch(String name, List<Object> params, Model.Host via) {
        boolean async = name.startsWith("Async.");
        String base = async ? name.substring("Async.".length()) : name;
        Method m = methods.get(base);
        if (m == null) {
            return new Failure(List.of(ApiError.MESSAGE_METHOD_UNKNOWN, name));
        }
        if (async && m.async == Async.NONE) {
            return new Fault(NO_ASYNC_FAULT, "No async mode for this operation");
        }
        if (params.size() < m.minParams || params.size() > m.maxParams) {
            return new Failure(List.of(ApiError.MESSAGE_PARAMETER_COUNT_MISMATCH, name,
                    Integer.toString(m.maxParams), Integer.toString(params.size())));
        }
        Call c = new Call(name, params, via);
        try {
            return pool.call(() -> {
                if (m.session) {
                    c.session = pool.session(string(c, 0, "session_id"));
                }
                if (!async) {
                    return new Success(m.handler.handle(c));
                }
                c.task = pool.newTask(name, c.session);
                try {
                    Object v = m.handler.handle(c);
                    if (v != LATER) {
                        pool.succeed(c.task, XmlRpcWriter.value(v));
                    }
                } catch (ApiError e) {
                    pool.fail(c.task, Model.TaskStatus.FAILURE, e.description());
                }
                return new Success(c.task.ref());
            });
        } catch (ApiError e) {
            return new Failure(e.description());
        }
    }

    // ------------------------------------------------------------------ registration

    private void register() {
        add("session.login_with_password", 2, 4, false, Async.NONE, this::login);
        add("session.logout", 1, 1, true, Async.NONE, c -> {
            pool.logout(c.session);
            return "";
        });
        Map<XClass, Set<String>> fields = fieldNames();
        for (XClass cls : XClass.values()) {
            String p = cls.apiName() + ".";
            if (cls != XClass.SESSION) {
                add(p + "get_all", 1, 1, true, Async.NONE, c -> refs(pool.db().all(cls)));
                add(p + "get_all_records", 1, 1, true, Async.NONE, c -> allRecords(cls));
            }
            add(p + "get_record", 2, 2, true, Async.NONE, c -> records.of(object(c, 1, cls)));
            add(p + "get_by_uuid", 2, 2, true, Async.NONE, c -> byUuid(c, cls));
            if (cls == XClass.HOST || cls == XClass.VM || cls == XClass.TASK) {
                add(p + "get_by_name_label", 2, 2, true, Async.NONE, c -> byNameLabel(c, cls));
            }
            for (String field : fields.get(cls)) {
                add(p + "get_" + field, 2, 2, true, Async.NONE, c -> records.of(object(c, 1, cls)).get(field));
            }
        }
        add("host.compute_free_memory", 2, 2, true, Async.IMMEDIATE, c -> {
            Model.Host h = object(c, 1, XClass.HOST, Model.Host.class);
            requireLive(h);
            return pool.computeFreeMemory(h);
        });
        add("host.migrate_receive", 4, 4, true, Async.IMMEDIATE, this::migrateReceive);
        add("host.query_data_source", 3, 3, true, Async.NONE, c -> {
            Model.Host h = object(c, 1, XClass.HOST, Model.Host.class);
            return dataSource(telemetry.host(h, string(c, 2, "data_source"), pool.now()));
        });
        add("VM.pool_migrate", 4, 4, true, Async.DEFERRED, this::poolMigrate);
        add("VM.assert_can_migrate", 7, 8, true, Async.IMMEDIATE, this::assertCanMigrate);
        add("VM.query_data_source", 3, 3, true, Async.NONE, c -> {
            Model.Vm vm = object(c, 1, XClass.VM, Model.Vm.class);
            if (!vm.running()) {
                throw new ApiError(ApiError.VM_BAD_POWER_STATE, vm.ref(), Model.PowerState.RUNNING.lower(),
                        vm.powerState.lower());
            }
            return dataSource(telemetry.vm(vm, string(c, 2, "data_source"), pool.now()));
        });
        add("task.cancel", 2, 2, true, Async.IMMEDIATE, c -> {
            Model.Task t = object(c, 1, XClass.TASK, Model.Task.class);
            pool.cancel(t, c.task != null ? c.task.ref() : "DummyRef:|" + pool.ids().uuid() + "|task.cancel");
            return "";
        });
        add("task.destroy", 2, 2, true, Async.NONE, c -> {
            pool.destroy(object(c, 1, XClass.TASK, Model.Task.class));
            return "";
        });
        add("event.from", 4, 4, true, Async.NONE, this::eventFrom);
    }

    private void add(String name, int min, int max, boolean session, Async async, Handler handler) {
        methods.put(name, new Method(min, max, session, async, handler));
    }

    /** @return the record field names of every class, from records of throw-away objects */
    private Map<XClass, Set<String>> fieldNames() {
        Map<XClass, Set<String>> out = new LinkedHashMap<>();
        for (XClass cls : XClass.values()) {
            out.put(cls, new LinkedHashSet<>());
        }
        Model.Host host = pool.master();
        Model.Vm dom0 = host.controlDomain;
        out.get(XClass.POOL).addAll(records.pool(pool.pool()).keySet());
        out.get(XClass.HOST).addAll(records.host(host).keySet());
        out.get(XClass.HOST_METRICS).addAll(records.hostMetrics(host.metrics).keySet());
        out.get(XClass.VM).addAll(records.vm(dom0).keySet());
        out.get(XClass.VM_METRICS).addAll(records.vmMetrics(dom0.metrics).keySet());
        out.get(XClass.VM_GUEST_METRICS).addAll(records.guestMetrics(
                new Model.VmGuestMetrics("", "", dom0, "", pool.epoch())).keySet());
        Model.Session s = new Model.Session("", "", "", host, "", pool.epoch(), 0);
        out.get(XClass.SESSION).addAll(records.session(s).keySet());
        out.get(XClass.TASK).addAll(records.task(new Model.Task("", "", "", "", pool.epoch(), host, "")).keySet());
        return out;
    }

    // ------------------------------------------------------------------ methods

    private Object login(Call c) throws ApiError {
        String user = string(c, 0, "uname");
        String password = string(c, 1, "pwd");
        if (c.params.size() > 2) {
            string(c, 2, "version");
        }
        String originator = c.params.size() > 3 ? string(c, 3, "originator") : "";
        return pool.login(user, password, originator, c.via).ref();
    }

    private List<String> refs(Collection<XObject> objects) {
        List<String> out = new ArrayList<>(objects.size());
        for (XObject o : objects) {
            out.add(o.ref());
        }
        return out;
    }

    private Map<String, Object> allRecords(XClass cls) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (XObject o : pool.db().all(cls)) {
            out.put(o.ref(), records.of(o));
        }
        return out;
    }

    private Object byUuid(Call c, XClass cls) throws ApiError {
        String uuid = string(c, 1, "uuid");
        return pool.db().byUuid(cls, uuid).map(XObject::ref)
                .orElseThrow(() -> new ApiError(ApiError.UUID_INVALID, cls.apiName(), uuid));
    }

    private Object byNameLabel(Call c, XClass cls) throws ApiError {
        String label = string(c, 1, "label");
        List<String> out = new ArrayList<>();
        for (XObject o : pool.db().all(cls)) {
            String name = switch (o.cls()) {
                case HOST -> ((Model.Host) o).nameLabel;
                case VM -> ((Model.Vm) o).nameLabel;
                case TASK -> ((Model.Task) o).nameLabel;
                default -> null;
            };
            if (label.equals(name)) {
                out.add(o.ref());
            }
        }
        return out;
    }

    private Object poolMigrate(Call c) throws ApiError {
        Model.Vm vm = object(c, 1, XClass.VM, Model.Vm.class);
        Model.Host host = object(c, 2, XClass.HOST, Model.Host.class);
        map(c, 3, "options");
        if (c.task != null) {
            pool.startMigration(vm, host, c.task);
            return LATER;
        }
        Migration m = pool.startMigration(vm, host, null);
        var error = pool.awaitEnd(m);
        if (error.isPresent()) {
            throw error.get();
        }
        return "";
    }

    private Object assertCanMigrate(Call c) throws ApiError {
        Model.Vm vm = object(c, 1, XClass.VM, Model.Vm.class);
        Map<String, Object> dest = map(c, 2, "dest");
        bool(c, 3, "live");
        map(c, 4, "vdi_map");
        map(c, 5, "vif_map");
        map(c, 6, "options");
        if (c.params.size() > 7) {
            map(c, 7, "vgpu_map");
        }
        if (!(dest.get("host") instanceof String hostRef)) {
            throw new ApiError("VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED");
        }
        Model.Host target = pool.object(XClass.HOST, hostRef, Model.Host.class);
        pool.checkMigration(vm, target);
        return "";
    }

    private Object migrateReceive(Call c) throws ApiError {
        Model.Host h = object(c, 1, XClass.HOST, Model.Host.class);
        string(c, 2, "network");
        map(c, 3, "options");
        requireLive(h);
        String session = c.session.ref();
        Map<String, Object> dest = new LinkedHashMap<>();
        dest.put("SM", "http://" + h.address + "/services/SM?session_id=" + session);
        dest.put("host", h.ref());
        dest.put("xenops", "http://" + h.address + "/services/xenops?session_id=" + session);
        dest.put("session_id", session);
        dest.put("master", "http://" + pool.master().address + "/");
        return dest;
    }

    private static Object dataSource(double value) throws ApiError {
        if (Double.isNaN(value)) {
            throw new ApiError(ApiError.INTERNAL_ERROR, "Not_found");
        }
        return value;
    }

    private void requireLive(Model.Host h) throws ApiError {
        if (!h.live) {
            throw new ApiError(ApiError.HOST_OFFLINE, h.ref());
        }
    }

    // ------------------------------------------------------------------ event.from

    private Object eventFrom(Call c) throws ApiError {
        List<String> classes = stringList(c, 1, "classes");
        String token = string(c, 2, "token");
        double timeout = number(c, 3, "timeout");
        long from = parseToken(token);
        List<String[]> subs = new ArrayList<>();
        for (String s : classes) {
            if (s.equals("*")) {
                subs.add(new String[] {"*", null});
            } else {
                int slash = s.indexOf('/');
                subs.add(slash < 0 ? new String[] {s.toLowerCase(Locale.ROOT), null}
                        : new String[] {s.substring(0, slash).toLowerCase(Locale.ROOT), s.substring(slash + 1)});
            }
        }
        long deadline = System.nanoTime() + (long) (Math.max(0, Math.min(timeout, 86_400)) * 1e9);
        String session = c.session.ref();
        while (true) {
            if (pool.db().get(XClass.SESSION, session).isEmpty()) {
                throw new ApiError(ApiError.SESSION_INVALID, session);
            }
            List<Map<String, Object>> events = collect(from, subs);
            long remaining = deadline - System.nanoTime();
            if (!events.isEmpty() || remaining <= 0 || pool.closed()) {
                Map<String, Object> batch = new LinkedHashMap<>();
                batch.put("events", events);
                Map<String, Object> counts = new LinkedHashMap<>();
                for (XClass cls : XClass.values()) {
                    counts.put(cls.eventName(), new Wire.Int32(pool.db().count(cls)));
                }
                batch.put("valid_ref_counts", counts);
                batch.put("token", String.format(Locale.ROOT, "%020d,%020d", pool.db().generation(), 0L));
                return batch;
            }
            pool.awaitChange(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(XapiPool.POLL_MILLIS)));
        }
    }

    private static long parseToken(String token) throws ApiError {
        if (token.isEmpty()) {
            return 0;
        }
        String[] parts = token.split(",", -1);
        if (parts.length == 2) {
            try {
                Long.parseLong(parts[1]);
                return Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ApiError(ApiError.EVENT_FROM_TOKEN_PARSE_FAILURE, token);
    }

    private static boolean matches(List<String[]> subs, XClass cls, String ref) {
        for (String[] s : subs) {
            if (s[0].equals("*") || (s[0].equals(cls.eventName()) && (s[1] == null || s[1].equals(ref)))) {
                return true;
            }
        }
        return false;
    }

    private List<Map<String, Object>> collect(long from, List<String[]> subs) {
        List<Map<String, Object>> adds = new ArrayList<>();
        List<Map<String, Object>> mods = new ArrayList<>();
        for (XClass cls : XClass.values()) {
            if (!cls.events()) {
                continue;
            }
            for (XObject o : pool.db().all(cls)) {
                if (!matches(subs, cls, o.ref())) {
                    continue;
                }
                if (o.created() > from) {
                    adds.add(event(o.created(), cls, "add", o.ref(), records.of(o)));
                } else if (o.modified() > from) {
                    mods.add(event(o.modified(), cls, "mod", o.ref(), records.of(o)));
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(adds);
        out.addAll(mods);
        for (Database.Tombstone t : pool.db().deletedSince(from)) {
            if (t.cls().events() && t.created() <= from && matches(subs, t.cls(), t.ref())) {
                out.add(event(t.deleted(), t.cls(), "del", t.ref(), null));
            }
        }
        return out;
    }

    /** @return one event as xapi's {@code event.from} writes it (its timestamp is always {@code "0.0"}) */
    private static Map<String, Object> event(long id, XClass cls, String op, String ref, Map<String, Object> snap) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", Long.toString(id));
        e.put("timestamp", "0.0");
        e.put("class", cls.eventName());
        e.put("operation", op);
        e.put("ref", ref);
        if (snap != null) {
            e.put("snapshot", snap);
        }
        return e;
    }

    // ------------------------------------------------------------------ parameters

    private XObject object(Call c, int i, XClass cls) throws ApiError {
        return pool.object(cls, string(c, i, "self"), XObject.class);
    }

    private <T extends XObject> T object(Call c, int i, XClass cls, Class<T> type) throws ApiError {
        return pool.object(cls, string(c, i, cls.apiName().toLowerCase(Locale.ROOT)), type);
    }

    private static String string(Call c, int i, String name) throws ApiError {
        if (c.params.get(i) instanceof String s) {
            return s;
        }
        throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Call c, int i, String name) throws ApiError {
        if (c.params.get(i) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (c.params.get(i) instanceof String s && s.isEmpty()) {
            return Map.of(); // ocaml-rpc reads an empty <value></value> as ""; accept it as an empty map
        }
        throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
    }

    private static boolean bool(Call c, int i, String name) throws ApiError {
        if (c.params.get(i) instanceof Boolean b) {
            return b;
        }
        throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
    }

    private static double number(Call c, int i, String name) throws ApiError {
        Object o = c.params.get(i);
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
    }

    private static List<String> stringList(Call c, int i, String name) throws ApiError {
        if (c.params.get(i) instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
                }
                out.add(s);
            }
            return out;
        }
        throw new ApiError(ApiError.FIELD_TYPE_ERROR, name);
    }
}
