package io.ferry.buildchecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule "a module never refers to another module's {@code internal} package", over the main and test sources
 * of every module directory under a root ({@code <module>/src/main/java}, {@code <module>/src/test/java}): a test
 * reaches another module's plugins through their exported factories, as users do. A reference is any qualified name
 * {@code io.ferry.….internal[.…][.Type]} in the source (an import, a wildcard import, a fully qualified name in
 * code or javadoc); it is allowed when the module itself declares that package, or when the referenced type is on
 * the allow-list. Why sources rather than class files: a fully qualified name in javadoc or a constant is as much
 * a dependency on a private package as an import, and the rule then needs nothing but the JDK. Cost: one read of
 * every source file, O(total source size).
 */
final class InternalPackageRule {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\bio\\.ferry(?:\\.[a-z][a-z0-9_]*)*\\.internal(?:\\.[a-z][a-z0-9_]*)*(?:\\.([A-Z][A-Za-z0-9_]*|\\*))?");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([a-z][a-z0-9_.]*)\\s*;");

    private static final String MAIN = "src/main/java";
    private static final String TEST = "src/test/java";

    private final Set<String> allowed;

    /** @param allowed fully qualified types that any module may refer to, although internal */
    InternalPackageRule(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * @param root the directory whose sub-directories are the modules
     * @return one line per violation, {@code module/path:line: refers to pkg.Type of module other}, sorted
     */
    List<String> violations(Path root) {
        Map<Path, String> sources = new HashMap<>();
        Map<String, String> packageOwner = new HashMap<>();
        Map<String, Set<String>> modulePackages = new HashMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve(MAIN))).sorted().toList()) {
                String name = module.getFileName().toString();
                for (String tree : List.of(MAIN, TEST)) {
                    if (!Files.isDirectory(module.resolve(tree))) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(module.resolve(tree))) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                            String text = Files.readString(file, StandardCharsets.UTF_8);
                            sources.put(file, name);
                            Matcher p = PACKAGE.matcher(text);
                            if (p.find()) {
                                if (tree.equals(MAIN)) {
                                    packageOwner.put(p.group(1), name);
                                }
                                modulePackages.computeIfAbsent(name, k -> new HashSet<>()).add(p.group(1));
                            }
                        }
                    }
                }
            }
            Set<String> out = new TreeSet<>();
            for (Map.Entry<Path, String> source : sources.entrySet()) {
                String module = source.getValue();
                Set<String> own = modulePackages.getOrDefault(module, Set.of());
                List<String> lines = Files.readAllLines(source.getKey(), StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = REFERENCE.matcher(lines.get(i));
                    while (m.find()) {
                        String ref = m.group();
                        String pkg = m.group(1) == null ? ref : ref.substring(0, ref.length() - m.group(1).length() - 1);
                        if (own.contains(pkg) || allowed.contains(ref)) {
                            continue;
                        }
                        out.add(root.relativize(source.getKey()) + ":" + (i + 1) + ": refers to " + ref
                                + " of module " + packageOwner.getOrDefault(pkg, "(none)"));
                    }
                }
            }
            return new ArrayList<>(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
