package io.ferry.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Checks an output directory option ({@code --out}) before a command does its work, so that a run of minutes
 * never ends in "cannot write the results": the directory is created when missing and a probe file is written
 * into it and deleted. Refusals are one line naming the option, the value and the reason, in words rather than
 * Java exception names. Cost: a few file-system calls.
 */
final class OutputDirectory {

    private OutputDirectory() {
    }

    /**
     * @param option the option's name, for messages ({@code --out})
     * @param dir    the value given; picocli turns {@code ''} into the empty path, which is refused rather than
     *               read as the current directory
     * @return {@code dir}, now an existing directory this process can write into
     * @throws UsageException when it is empty, is (or lies under) a file, or cannot be created or written
     */
    static Path prepare(String option, Path dir) {
        if (dir == null || dir.toString().isBlank()) {
            throw new UsageException(option + " = '': must name a directory (for example " + option
                    + " out/compare)");
        }
        String at = option + " = " + dir + ": ";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(at + "is a file, not a directory");
        }
        for (Path up = dir.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new UsageException(at + "cannot write there: " + up + " is a file, not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".ferry-write-check-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new UsageException(at + "cannot write there: " + reason(e), e);
        }
        return dir;
    }

    /** @return why writing failed, in words: the operating system's reason and the path it concerns */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + on(a);
        }
        if (e instanceof FileAlreadyExistsException f) {
            return (f.getFile() == null ? "a part of the path" : f.getFile()) + " is a file, not a directory";
        }
        if (e instanceof NotDirectoryException n) {
            return (n.getFile() == null ? "a part of the path" : n.getFile()) + " is not a directory";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory" + on(n);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + on(f);
        }
        if (e instanceof SecurityException) {
            return "permission denied";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    private static String on(FileSystemException e) {
        return e.getFile() == null ? "" : " (" + e.getFile() + ")";
    }
}
