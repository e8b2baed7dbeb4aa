package io.ferry.policy.support;

/**
 * A model file that {@link ModelArchive} could not read: {@linkplain #missing() missing}, or else truncated or
 * corrupt, with {@link #detail()} saying what was wrong. Plugins catch it and throw their own model-file exception
 * with their own wording; its message is only a fallback.
 */
public final class ModelArchiveException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final boolean missing;
    private final String detail;

    private ModelArchiveException(String source, boolean missing, String detail, Throwable cause) {
        super("model file " + source + (missing ? ": no such file" : ": truncated or corrupt (" + detail + ")"),
                cause);
        this.source = source;
        this.missing = missing;
        this.detail = detail;
    }

    static ModelArchiveException missing(String source) {
        return new ModelArchiveException(source, true, null, null);
    }

    static ModelArchiveException corrupt(String source, String detail, Throwable cause) {
        return new ModelArchiveException(source, false, detail, cause);
    }

    /** @return the file (or resource) that was read */
    public String source() {
        return source;
    }

    /** @return true when there is no such file, false when it is there but truncated or corrupt */
    public boolean missing() {
        return missing;
    }

    /** @return what was wrong with a corrupt file (null when the zip reader gave no message, or when missing) */
    public String detail() {
        return detail;
    }
}
