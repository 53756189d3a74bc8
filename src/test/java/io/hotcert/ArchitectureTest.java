package io.hotcert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hotcert.app.Wiring;

/**
 * The package structure the next engineer relies on, read by {@code jdeps} from the compiled
 * classes (so a fully-qualified name counts as much as an import): packages layer without
 * cycles, and only the composition root reaches into many of them.
 */
class ArchitectureTest {

    private static final String COMPOSITION_ROOT = "io.hotcert.app";
    private static final int MAX_OTHER_PACKAGES = 4;

    /** Classes allowed above the budget, each with why; the list should only ever shrink. */
    private static final Map<String, String> OVER_BUDGET = Map.of();

    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.hotcert\\.\\S+)\\s+->\\s+(io\\.hotcert\\.\\S+)\\s");

    /** Top-level class -> the classes it depends on, both of io.hotcert. */
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readCompiledClasses() throws URISyntaxException {
        Path classes = Path.of(Wiring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:class", "-e", "io\\.hotcert\\..*", classes.toString());
        assertThat(exit).as("jdeps: %s", err).isZero();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                DEPENDENCIES.computeIfAbsent(topLevel(edge.group(1)), name -> new TreeSet<>()).add(edge.group(2));
            }
        }
        assertThat(DEPENDENCIES).as("jdeps found no io.hotcert classes in %s", classes).isNotEmpty();
    }

    @Test
    void packagesHaveNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        DEPENDENCIES.forEach((type, targets) -> targets.stream().map(ArchitectureTest::packageOf)
                .filter(target -> !target.equals(packageOf(type)))
                .forEach(target -> graph.computeIfAbsent(packageOf(type), name -> new TreeSet<>()).add(target)));

        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void onlyTheCompositionRootReachesIntoManyPackages() {
        Map<String, Set<String>> overBudget = new TreeMap<>();
        DEPENDENCIES.forEach((type, targets) -> {
            Set<String> others = new TreeSet<>();
            targets.stream().map(ArchitectureTest::packageOf).filter(target -> !target.equals(packageOf(type)))
                    .forEach(others::add);
            if (!packageOf(type).equals(COMPOSITION_ROOT) && others.size() > MAX_OTHER_PACKAGES
                    && !OVER_BUDGET.containsKey(type)) {
                overBudget.put(type, others);
            }
        });

        assertThat(overBudget).as("classes depending on more than %d other io.hotcert packages", MAX_OTHER_PACKAGES)
                .isEmpty();
    }

    @Test
    void theAllowListNamesOnlyClassesStillOverBudget() {
        OVER_BUDGET.keySet().forEach(type -> assertThat(DEPENDENCIES.getOrDefault(type, Set.of()).stream()
                .map(ArchitectureTest::packageOf).filter(target -> !target.equals(packageOf(type))).distinct().count())
                .as("%s is back within budget: take it off the allow-list", type)
                .isGreaterThan(MAX_OTHER_PACKAGES));
    }

    /** Each cycle once, as the path that closes it, found by depth-first search. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
            List<List<String>> found) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            var cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
    }

    private static String topLevel(String type) {
        int nested = type.indexOf('$');
        return nested < 0 ? type : type.substring(0, nested);
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }
}
