package org.dial4j;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layer table of ARCHITECTURE.md, checked against the compiled core: which package may use
 * which, no cycle between the layers, nothing but the JDK underneath, and the module exporting
 * exactly the public packages.
 */
class LayeringTest {
  /** JSpecify's @NullMarked and @Nullable, for NullAway as the core compiles (requires static). */
  private static final String JSPECIFY = "org.jspecify.annotations";

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    // The main classes as compiled (the working directory is the module's), not the tests.
    core = new ClassFileImporter().importPath(Path.of("target", "classes"));
    assertThat(core.stream().map(JavaClass::getName)).contains(Endpoint.class.getName());
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md's layers: values and sys, internal, socket and loop, resolve, then control"
          + " and dial; each uses only the layers below it")
  void layers() {
    ArchRule rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("values")
            .definedBy("org.dial4j", "org.dial4j.error")
            .layer("sys")
            .definedBy("org.dial4j.sys")
            .layer("internal")
            .definedBy("org.dial4j.internal..")
            .layer("socket")
            .definedBy("org.dial4j.socket")
            .layer("loop")
            .definedBy("org.dial4j.loop")
            .layer("resolve")
            .definedBy("org.dial4j.resolve")
            .layer("control")
            .definedBy("org.dial4j.control")
            .layer("dial")
            .definedBy("org.dial4j.dial")
            .whereLayer("dial")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("control")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("resolve")
            .mayOnlyBeAccessedByLayers("dial")
            .whereLayer("socket")
            .mayOnlyBeAccessedByLayers("resolve")
            .whereLayer("loop")
            .mayOnlyBeAccessedByLayers("resolve", "control", "dial")
            .whereLayer("internal")
            .mayOnlyBeAccessedByLayers("socket", "loop", "resolve", "control", "dial")
            .whereLayer("sys")
            .mayOnlyBeAccessedByLayers("internal", "socket", "loop", "resolve", "control", "dial")
            .whereLayer("values")
            .mayOnlyBeAccessedByLayers("internal", "socket", "loop", "resolve", "control", "dial");
    rule.check(core);
  }

  @Test
  @DisplayName(
      "No cycle between packages, the values' two packages counted as one layer (an error carries"
          + " endpoints, parsing one throws an error)")
  void noCycles() {
    slices()
        .assignedFrom(
            new com.tngtech.archunit.library.dependencies.SliceAssignment() {
              @Override
              public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(
                  JavaClass c) {
                String p = c.getPackageName();
                if (!p.startsWith("org.dial4j")) {
                  return com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                }
                return com.tngtech.archunit.library.dependencies.SliceIdentifier.of(
                    p.equals("org.dial4j.error") ? "org.dial4j" : p);
              }

              @Override
              public String getDescription() {
                return "the core's packages, org.dial4j and org.dial4j.error as one";
              }
            })
        .should()
        .beFreeOfCycles()
        .check(core);
  }

  @Test
  @DisplayName(
      "The syscall boundary is a leaf: org.dial4j.sys uses java.* and itself only (and JSpecify's"
          + " compile-time annotations)")
  void sysIsALeaf() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("org.dial4j.sys")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("org.dial4j.sys", "java..", JSPECIFY)
        .check(core);
  }

  @Test
  @DisplayName(
      "The core depends on the JDK alone at run time (jdk.jfr optional, jdk.net's socket options;"
          + " JSpecify's annotations are read at compile time only)")
  void jdkOnly() {
    ArchRuleDefinition.noClasses()
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "org.dial4j..", "java..", "javax..", "jdk.jfr..", "jdk.net..", JSPECIFY)
        .check(core);
    // Every module the core requires beyond the JDK's is optional at run time: requires static
    // (JLS 7.7.1), as org.jspecify is.
    ModuleDescriptor d = Endpoint.class.getModule().getDescriptor();
    assertThat(d.requires())
        .filteredOn(r -> !r.name().startsWith("java.") && !r.name().startsWith("jdk."))
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("org.jspecify");
    assertThat(d.requires())
        .filteredOn(r -> r.name().equals("org.jspecify"))
        .allSatisfy(
            r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
  }

  @Test
  @DisplayName("JPMS exports exactly the public packages; the syscall boundary stays internal")
  void exports() {
    ModuleDescriptor d = Endpoint.class.getModule().getDescriptor();
    assertThat(d).as("the tests run inside the org.dial4j module").isNotNull();
    Set<String> exported =
        d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    assertThat(exported)
        .containsExactlyInAnyOrder(
            "org.dial4j",
            "org.dial4j.error",
            "org.dial4j.socket",
            "org.dial4j.loop",
            "org.dial4j.control",
            "org.dial4j.dial");
  }
}
