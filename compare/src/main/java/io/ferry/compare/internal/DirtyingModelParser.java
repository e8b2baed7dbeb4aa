package io.ferry.compare.internal;

import io.ferry.engine.DirtyingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the {@code dirtying} object of a scenario file into a {@link DirtyingModel}: {@code idle},
 * {@code uniform}, {@code hot-set}, {@code phased} (whose phases are idle, uniform or hot-set objects with a
 * {@code seconds} key), {@code replay} (a CSV trace, see {@link ReplayTraceReader}) and {@code mixed} (several of
 * the others at once, in {@code parts}). Cost: O(keys), plus the trace for a replay.
 */
final class DirtyingModelParser {

    /** The model names, as the file spells them. */
    static final String MODELS = "idle, uniform, hot-set, phased, replay, mixed";
    private static final String PART_MODELS = "idle, uniform, hot-set, phased, replay";
    private static final String PHASE_MODELS = "idle, uniform, hot-set";

    /** The default Zipf exponent of a hot set. */
    static final double DEFAULT_SKEW = 0.99;

    private static final List<String> IDLE_KEYS = List.of("model");
    private static final List<String> UNIFORM_KEYS = List.of("model", "pagesPerSecond");
    private static final List<String> HOT_SET_KEYS = List.of("model", "pagesPerSecond", "hotPages", "hotSetMiB",
            "skew", "firstPage");
    private static final List<String> HOT_SET_SIZE_KEYS = List.of("hotPages", "hotSetMiB");
    private static final List<String> PHASED_KEYS = List.of("model", "phases");
    private static final List<String> REPLAY_KEYS = List.of("model", "file", "stepSeconds", "hotPages");
    private static final List<String> MIXED_KEYS = List.of("model", "parts");

    private DirtyingModelParser() {
    }

    /**
     * @param dirtying  the {@code dirtying} object
     * @param pageCount the VM's pages, to check that a hot set fits
     * @param pageSize  the VM's page size, to convert {@code hotSetMiB} to pages
     * @param directory the scenario file's directory, against which a replay's CSV is resolved
     */
    static DirtyingModel parse(JsonFields dirtying, int pageCount, int pageSize, Path directory) {
        String model = model(dirtying, MODELS);
        if (model.equals("mixed")) {
            return mixed(dirtying, pageCount, pageSize, directory);
        }
        return single(model, dirtying, pageCount, pageSize, directory);
    }

    private static DirtyingModel single(String model, JsonFields dirtying, int pageCount, int pageSize,
            Path directory) {
        return switch (model) {
            case "phased" -> phased(dirtying, pageCount, pageSize);
            case "replay" -> replay(dirtying, pageCount, directory);
            default -> simple(model, dirtying, List.of(), pageCount, pageSize);
        };
    }

    private static DirtyingModel mixed(JsonFields dirtying, int pageCount, int pageSize, Path directory) {
        dirtying.allowOnly(MIXED_KEYS);
        String expected = "parts like {\"model\": \"hot-set\", \"pagesPerSecond\": 1000, \"hotPages\": 256}";
        List<DirtyingModel> parts = new ArrayList<>();
        for (JsonFields part : dirtying.objects("parts", expected)) {
            parts.add(single(model(part, PART_MODELS), part, pageCount, pageSize, directory));
        }
        return dirtying.engine(() -> new DirtyingModel.Mixed(parts));
    }

    private static String model(JsonFields fields, String accepted) {
        String model = fields.string("model");
        if (!Stream.of(accepted.split(", ")).toList().contains(model)) {
            throw fields.invalid("model", "must be one of " + accepted);
        }
        return model;
    }

    /** An idle, uniform or hot-set model; {@code extraKeys} are the keys its container adds (a phase's seconds). */
    private static DirtyingModel simple(String model, JsonFields fields, List<String> extraKeys, int pageCount,
            int pageSize) {
        switch (model) {
            case "idle" -> {
                fields.allowOnly(concat(extraKeys, IDLE_KEYS));
                return new DirtyingModel.Idle();
            }
            case "uniform" -> {
                fields.allowOnly(concat(extraKeys, UNIFORM_KEYS));
                double rate = fields.number("pagesPerSecond");
                return fields.engine(() -> new DirtyingModel.Uniform(rate));
            }
            default -> {
                fields.allowOnly(concat(extraKeys, HOT_SET_KEYS));
                return hotSet(fields, pageCount, pageSize);
            }
        }
    }

    private static DirtyingModel hotSet(JsonFields fields, int pageCount, int pageSize) {
        double rate = fields.number("pagesPerSecond");
        String sizeKey = fields.exactlyOne(HOT_SET_SIZE_KEYS, "hot-set size");
        long pages;
        if (sizeKey.equals("hotSetMiB")) {
            double mib = fields.positive(sizeKey);
            pages = (long) Math.ceil(mib * ScenarioFileParser.MIB / pageSize);
        } else {
            pages = fields.integer(sizeKey);
        }
        double skew = fields.number("skew", DEFAULT_SKEW);
        long first = fields.integer("firstPage", 0);
        if (pages >= 1 && first >= 0 && first + pages > pageCount) {
            throw fields.invalid(sizeKey, "the hot set (firstPage " + first + " + " + pages
                    + " pages) must fit in the VM's " + pageCount + " pages");
        }
        int hotPages = (int) Math.max(Integer.MIN_VALUE, pages);
        int firstPage = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, first));
        return fields.engine(() -> new DirtyingModel.HotSet(rate, hotPages, skew, firstPage));
    }

    private static DirtyingModel phased(JsonFields dirtying, int pageCount, int pageSize) {
        dirtying.allowOnly(PHASED_KEYS);
        String expected = "phases like {\"seconds\": 5, \"model\": \"uniform\", \"pagesPerSecond\": 1000}";
        List<DirtyingModel.Phase> phases = new ArrayList<>();
        for (JsonFields phase : dirtying.objects("phases", expected)) {
            String model = model(phase, PHASE_MODELS);
            double seconds = phase.positive("seconds");
            DirtyingModel inner = simple(model, phase, List.of("seconds"), pageCount, pageSize);
            phases.add(phase.engine(() -> new DirtyingModel.Phase(seconds, inner)));
        }
        return dirtying.engine(() -> new DirtyingModel.Phased(phases));
    }

    private static DirtyingModel replay(JsonFields dirtying, int pageCount, Path directory) {
        dirtying.allowOnly(REPLAY_KEYS);
        String file = dirtying.string("file");
        Double step = dirtying.has("stepSeconds") ? dirtying.positive("stepSeconds") : null;
        int hotPages = dirtying.integer("hotPages", 0, 0, pageCount);
        ReplayTraceReader.Trace trace = ReplayTraceReader.read(dirtying, file, directory.resolve(file));
        double stepSeconds = trace.stepSeconds(dirtying, step);
        return dirtying.engine(() -> new DirtyingModel.Replay(stepSeconds, trace.pagesPerSecond(), hotPages));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
