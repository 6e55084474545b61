package io.lodestone.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The stream app's packages in layers: each may use the packages below it, none one above it, and
 * no two use each other. docs/architecture.md ("Packages") explains the order.
 */
class PackageLayersTest {

    /** Bottom to top. */
    static final List<String> LAYERS =
            List.of(
                    "reference",
                    "statistics",
                    "watermark",
                    "state",
                    "metrics",
                    "alerts",
                    "revision",
                    "ingest",
                    "routes",
                    "routechange",
                    "substitution",
                    "rerouting",
                    "licensing",
                    "unitvalue",
                    "cases",
                    "config",
                    "api",
                    "app");

    /** The app's own classes: this module's main output, nothing of the modules below it. */
    private static final JavaClasses APP =
            new ClassFileImporter().importPath(Path.of("target", "classes"));

    private static Optional<String> layer(JavaClass c) {
        String name = c.getPackageName();
        return LAYERS.stream()
                .filter(
                        l ->
                                name.equals("io.lodestone." + l)
                                        || name.startsWith("io.lodestone." + l + "."))
                .findFirst();
    }

    @Test
    void everyPackageOfTheAppHasItsPlace() {
        Set<String> packages = new TreeSet<>();
        APP.forEach(c -> packages.add(c.getPackageName()));
        assertThat(packages)
                .isNotEmpty()
                .allSatisfy(
                        p ->
                                assertThat(LAYERS)
                                        .as("the layer of %s", p)
                                        .anyMatch(l -> p.equals("io.lodestone." + l)));
    }

    @Test
    void noPackageUsesOneAboveIt() {
        classes()
                .should(
                        new ArchCondition<JavaClass>(
                                "use no package above their own in " + LAYERS) {
                            @Override
                            public void check(JavaClass origin, ConditionEvents events) {
                                int own = LAYERS.indexOf(layer(origin).orElseThrow());
                                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                                    layer(d.getTargetClass())
                                            .filter(l -> LAYERS.indexOf(l) > own)
                                            .ifPresent(
                                                    l ->
                                                            events.add(
                                                                    SimpleConditionEvent.violated(
                                                                            d,
                                                                            d.getDescription()
                                                                                    + " ("
                                                                                    + l
                                                                                    + " is above "
                                                                                    + layer(origin)
                                                                                            .orElseThrow()
                                                                                    + ")")));
                                }
                            }
                        })
                .check(APP);
    }

    @Test
    void noPackagesUseEachOther() {
        slices().matching("io.lodestone.(*)..").should().beFreeOfCycles().check(APP);
    }
}
