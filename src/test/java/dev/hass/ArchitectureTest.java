package dev.hass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules, read from the sources of src/main: {@code hardware} uses nothing of ours outside
 * itself, its sub-packages form the layers of its package-info (each uses only earlier ones, so no
 * cycles), benchmarks live outside it, and no two packages of HASS depend on each other in a cycle.
 */
class ArchitectureTest {
    /** The sub-packages of dev.hass.hardware, lowest first: each may use only those before it. */
    static final List<String> HARDWARE_LAYERS = List.of("board", "graph", "onnx", "stage", "memory", "pipeline", "dse", "conformance");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    // a qualified name of ours: imports (static and wildcard too), fully qualified uses, javadoc links
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.hass(?:\\.[a-z]\\w*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern LINK = Pattern.compile("\\{@link(?:plain)?\\s+[^}\\s]+|@see\\s+\\S+");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'");

    /** The code without comments and string literals, plus the targets of the javadoc links (which need imports too). */
    static String references(String src) {
        StringBuilder links = new StringBuilder();
        Matcher l = LINK.matcher(src);
        while (l.find()) links.append(l.group()).append('\n');
        return COMMENT_OR_STRING.matcher(src).replaceAll(" ") + "\n" + links;
    }

    /** Package → packages of ours it refers to (itself excluded), over every main source file. */
    static Map<String, Set<String>> dependencies() throws IOException {
        Path main = DocsLinksTest.root().resolve("src/main/java");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher p = PACKAGE.matcher(src);
                assertTrue(p.find(), f + " has no package line");
                String pkg = p.group(1);
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(references(src));
                while (m.find()) if (!m.group(1).equals(pkg)) out.add(m.group(1));
            }
        }
        return deps;
    }

    @Test
    void hardwareUsesNothingOfOursOutsideItself() throws IOException {
        List<String> bad = new ArrayList<>();
        dependencies().forEach((pkg, to) -> {
            if (!inHardware(pkg)) return;
            for (String t : to) if (!inHardware(t)) bad.add(pkg + " -> " + t);
        });
        assertEquals(List.of(), bad, "dev.hass.hardware.. must depend on nothing else in HASS");
    }

    @Test
    void hardwareSubPackagesUseOnlyLowerLayers() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        List<String> bad = new ArrayList<>();
        for (String pkg : deps.keySet()) {
            if (!pkg.startsWith("dev.hass.hardware.")) continue;
            int layer = HARDWARE_LAYERS.indexOf(layerOf(pkg));
            if (layer < 0) { bad.add(pkg + " is not in HARDWARE_LAYERS (add it where it belongs, and to the package-info)"); continue; }
            for (String t : deps.get(pkg)) {
                if (!t.startsWith("dev.hass.hardware.")) continue;
                int to = HARDWARE_LAYERS.indexOf(layerOf(t));
                if (to >= layer) bad.add(pkg + " -> " + t + " (a layer at or above its own)");
            }
        }
        assertEquals(List.of(), bad);
        assertTrue(deps.keySet().containsAll(HARDWARE_LAYERS.stream().map(l -> "dev.hass.hardware." + l).toList()),
                "every listed layer exists: " + deps.keySet());
    }

    @Test
    void benchmarksLiveOutsideHardware() throws IOException {
        try (Stream<Path> files = Files.walk(DocsLinksTest.root().resolve("src/main/java/dev/hass/hardware"))) {
            List<Path> bench = files.filter(p -> p.getFileName().toString().matches(".*Bench(mark)?\\.java")).toList();
            assertEquals(List.of(), bench, "benchmarks belong in dev.hass.bench");
        }
        assertTrue(dependencies().containsKey("dev.hass.bench"));
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();   // 1 = on the current path, 2 = done
        for (String p : deps.keySet()) visit(p, deps, state, new ArrayList<>(), cycles);
        assertEquals(List.of(), cycles, "package cycles");
    }

    private static void visit(String p, Map<String, Set<String>> deps, Map<String, Integer> state, List<String> path, List<String> cycles) {
        Integer s = state.get(p);
        if (s != null && s == 2) return;
        if (s != null && s == 1) {
            cycles.add(String.join(" -> ", path.subList(path.indexOf(p), path.size())) + " -> " + p);
            return;
        }
        state.put(p, 1);
        path.add(p);
        for (String t : deps.getOrDefault(p, Set.of())) visit(t, deps, state, path, cycles);
        path.remove(path.size() - 1);
        state.put(p, 2);
    }

    private static boolean inHardware(String pkg) { return pkg.equals("dev.hass.hardware") || pkg.startsWith("dev.hass.hardware."); }

    private static String layerOf(String pkg) {
        String rest = pkg.substring("dev.hass.hardware.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
