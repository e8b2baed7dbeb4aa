package io.ferry.xapisim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /rrd_updates} as xcp-rrdd answers it ({@code rrd_updates.ml}: {@code create_multi}, {@code xml_of},
 * {@code json_of_t}): rrdtool {@code xport} XML (or its JSON variant) for one host, holding the VMs resident on
 * it (control domain included) and, with {@code host=true}, the host's own series.
 *
 * <p>Archives as xcp-rrdd keeps them: {@value #ARCHIVES}. Without {@code interval}, the finest archive that
 * reaches back to {@code start}; with it, the finest whose step is at least {@code interval}. Without
 * {@code cf}, each series appears once per consolidation function (AVERAGE, MIN, MAX). Rows run from the last
 * complete step back to {@code start}, newest first; the meta {@code start} is the first step after
 * {@code start}, as xcp-rrdd computes it. Values are C's {@code %0.4f} ({@code 0.0} for zero).
 *
 * <p>A consolidated value averages (or takes the minimum or maximum of) up to {@value #MAX_SUBSAMPLES} samples of
 * its step. Cost: O(rows × columns × sub-samples). Call under the pool's lock.
 */
final class RrdExporter {

    static final String ARCHIVES = "5 s × 120 rows (10 min), 60 s × 120 (2 h), 3600 s × 168 (1 week), "
            + "86400 s × 366 (1 year)";
    private static final long[] STEPS = {5, 60, 3600, 86400};
    private static final int[] ROWS = {120, 120, 168, 366};
    static final int MAX_SUBSAMPLES = 12;
    private static final List<String> ALL_CFS = List.of("AVERAGE", "MIN", "MAX");

    /** One request's parameters, validated. */
    record Query(long start, long interval, String cf, boolean host, Set<String> vmUuids, boolean json) {
    }

    private final XapiPool pool;
    private final Telemetry telemetry;

    RrdExporter(XapiPool pool, Telemetry telemetry) {
        this.pool = pool;
        this.telemetry = telemetry;
    }

    /** @return whether {@code cf} is accepted (null: all) */
    static boolean validCf(String cf) {
        return cf == null || ALL_CFS.contains(cf) || cf.equals("LAST");
    }

    /** @return the export of {@code host} now */
    String export(Model.Host host, Query q) {
        long epoch = pool.epoch().getEpochSecond();
        double nowSim = pool.now();
        long nowEpoch = epoch + (long) Math.floor(nowSim);
        long start = q.start() < 0 ? nowEpoch + q.start() : q.start();
        // the finest archive whose step is at least the interval and that reaches back to start, else the
        // coarsest archive whose step is at least the interval
        int archive = -1;
        for (int a = 0; a < STEPS.length; a++) {
            if (STEPS[a] < q.interval()) {
                continue;
            }
            archive = a;
            if (nowEpoch - STEPS[a] * ROWS[a] <= start) {
                break;
            }
        }
        if (archive < 0) {
            archive = STEPS.length - 1;
        }
        long step = STEPS[archive];
        long last = Math.floorDiv(nowEpoch, step) * step;
        long first = Math.floorDiv(start, step) * step + step;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < ROWS[archive]; i++) {
            long t = last - i * step;
            if (t < start) {
                break;
            }
            times.add(t);
        }

        List<String> cfs = q.cf() == null ? ALL_CFS : List.of(q.cf());
        List<String> legend = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        if (q.host()) {
            for (String cf : cfs) {
                for (String ds : Telemetry.hostSources(host)) {
                    legend.add(cf + ":host:" + host.uuid() + ":" + ds);
                    columns.add(new Column(cf, null, host, ds));
                }
            }
        }
        for (Model.Vm vm : pool.residentVms(host)) {
            if (!q.vmUuids().isEmpty() && !q.vmUuids().contains(vm.uuid())) {
                continue;
            }
            for (String cf : cfs) {
                for (String ds : Telemetry.vmSources(vm)) {
                    legend.add(cf + ":vm:" + vm.uuid() + ":" + ds);
                    columns.add(new Column(cf, vm, null, ds));
                }
            }
        }
        double[][] values = new double[times.size()][columns.size()];
        for (int r = 0; r < times.size(); r++) {
            double t = times.get(r) - epoch;
            for (int c = 0; c < columns.size(); c++) {
                values[r][c] = consolidate(columns.get(c), t, step);
            }
        }
        return q.json() ? json(first, step, last, legend, times, values) : xml(first, step, last, legend, times, values);
    }

    private record Column(String cf, Model.Vm vm, Model.Host host, String ds) {
    }

    private double consolidate(Column c, double t, long step) {
        if (c.cf().equals("LAST") || step <= STEPS[0]) {
            return sample(c, t);
        }
        int n = (int) Math.min(MAX_SUBSAMPLES, step / STEPS[0]);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 1; k <= n; k++) {
            double v = sample(c, t - step + k * (double) step / n);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return switch (c.cf()) {
            case "MIN" -> min;
            case "MAX" -> max;
            default -> sum / n;
        };
    }

    private double sample(Column c, double t) {
        return c.vm() != null ? telemetry.vm(c.vm(), c.ds(), t) : telemetry.host(c.host(), c.ds(), t);
    }

    private static String xml(long first, long step, long last, List<String> legend, List<Long> times,
            double[][] values) {
        StringBuilder b = new StringBuilder(256 + times.size() * legend.size() * 16);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xport><meta>");
        b.append("<start>").append(first).append("</start>");
        b.append("<step>").append(step).append("</step>");
        b.append("<end>").append(last).append("</end>");
        b.append("<rows>").append(times.size()).append("</rows>");
        b.append("<columns>").append(legend.size()).append("</columns>");
        b.append("<legend>");
        for (String l : legend) {
            b.append("<entry>").append(l).append("</entry>");
        }
        b.append("</legend></meta><data>");
        for (int r = 0; r < times.size(); r++) {
            b.append("<row><t>").append(times.get(r)).append("</t>");
            for (double v : values[r]) {
                b.append("<v>").append(CNumbers.rrd(v)).append("</v>");
            }
            b.append("</row>");
        }
        return b.append("</data></xport>").toString();
    }

    private static String json(long first, long step, long last, List<String> legend, List<Long> times,
            double[][] values) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "{meta: {start:%d,step:%d,end:%d,rows:%d,columns:%d,", first, step, last,
                times.size(), legend.size()));
        b.append("legend:[");
        for (int i = 0; i < legend.size(); i++) {
            b.append(i > 0 ? "," : "").append('"').append(legend.get(i)).append('"');
        }
        b.append("]},data:[");
        for (int r = 0; r < times.size(); r++) {
            b.append(r > 0 ? "," : "").append("{t:").append(times.get(r)).append(",values:[");
            for (int c = 0; c < values[r].length; c++) {
                b.append(c > 0 ? "," : "").append(CNumbers.rrd(values[r][c]));
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }
}
