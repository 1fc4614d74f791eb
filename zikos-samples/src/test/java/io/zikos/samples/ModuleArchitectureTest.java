package io.zikos.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the one-way module dependencies: api ← core ← dsp / backends ← samples. zikos-samples sees every module on
 * its test classpath, so this is the one place all of them can be checked together.
 */
class ModuleArchitectureTest {

    private static JavaClasses zikos;

    @BeforeAll
    static void importClasses() {
        zikos = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.zikos");
    }

    @Test
    void everyModuleIsOnTheClasspath() {
        for (String pkg : new String[] {"io.zikos.api", "io.zikos.core", "io.zikos.dsp", "io.zikos.backend.onnx",
            "io.zikos.backend.djl", "io.zikos.backend.remote", "io.zikos.samples"}) {
            if (zikos.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                throw new AssertionError("no classes imported from " + pkg + "; the rules below would hold vacuously");
            }
        }
    }

    @Test
    void apiIsContractsOnly() {
        classes().that().resideInAPackage("io.zikos.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.zikos.api..", "java..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .because("zikos-api holds contracts and value types only: no engine, DSP or model dependency")
                .check(zikos);
    }

    @Test
    void coreDependsOnlyOnTheApi() {
        noClasses().that().resideInAPackage("io.zikos.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zikos.dsp..", "io.zikos.backend..",
                        "io.zikos.samples..", "ai.onnxruntime..", "ai.djl.pytorch..", "ai.djl.engine..",
                        "be.tarsos..", "ws.schild..")
                .check(zikos);
    }

    @Test
    void dspDoesNotKnowBackendsOrSamples() {
        noClasses().that().resideInAPackage("io.zikos.dsp..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zikos.backend..", "io.zikos.samples..",
                        "ai.onnxruntime..", "ai.djl.pytorch..")
                .check(zikos);
    }

    @Test
    void backendsAreIndependentOfEachOtherAndOfDsp() {
        String[][] pairs = {
            {"io.zikos.backend.onnx..", "io.zikos.backend.djl.."},
            {"io.zikos.backend.onnx..", "io.zikos.backend.remote.."},
            {"io.zikos.backend.djl..", "io.zikos.backend.onnx.."},
            {"io.zikos.backend.djl..", "io.zikos.backend.remote.."},
            {"io.zikos.backend.remote..", "io.zikos.backend.onnx.."},
            {"io.zikos.backend.remote..", "io.zikos.backend.djl.."},
        };
        for (String[] p : pairs) {
            noClasses().that().resideInAPackage(p[0]).should().dependOnClassesThat().resideInAPackage(p[1])
                    .check(zikos);
        }
        noClasses().that().resideInAPackage("io.zikos.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zikos.dsp..", "io.zikos.samples..",
                        "be.tarsos..", "ws.schild..")
                .because("backends get decoded audio and features through the Preprocessor SPI, not from zikos-dsp")
                .check(zikos);
    }

    @Test
    void onlySamplesMayPrint() {
        noClasses().that().resideOutsideOfPackage("io.zikos.samples..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("the library logs through slf4j and never prints")
                .check(zikos);
    }
}
