package io.argus.layout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering the modules promise, checked on the compiled classes: the core (the frame path's logic)
 * uses no Flink and nothing above it; the Flink functions (udf) use the core, never the job's
 * assembly, sinks or storage; the notifier and the review server are processes of their own, outside the job; no package cycles
 * at either level.
 */
class LayeringTest {
    private static final String[] CORE = {"io.argus.config..", "io.argus.envelope..", "io.argus.frame..", "io.argus.vision..",
        "io.argus.inference..", "io.argus.tracking..", "io.argus.rollups..", "io.argus.media..", "io.argus.retry.."};
    private static final String[] JOB = {"io.argus.job..", "io.argus.sources..", "io.argus.sinks..", "io.argus.storage..",
        "io.argus.bench..", "io.argus.report..", "io.argus.ingest..", "io.argus.notify..", "io.argus.serve.."};
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.argus");

    @Test
    void theCoreUsesNoFlink() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .check(CLASSES);
    }

    @Test
    void theCoreUsesNothingAboveIt() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage("io.argus.udf..")
                .orShould().dependOnClassesThat().resideInAnyPackage(JOB)
                .check(CLASSES);
    }

    @Test
    void theFlinkFunctionsUseTheCoreNotTheJob() {
        noClasses().that().resideInAPackage("io.argus.udf..").should().dependOnClassesThat().resideInAnyPackage(JOB)
                .check(CLASSES);
    }

    @Test
    void theNotifierAndTheReviewServerRunOutsideTheJob() {
        noClasses().that().resideInAnyPackage("io.argus.notify..", "io.argus.serve..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "io.argus.udf..", "io.argus.job..", "io.argus.sinks..", "io.argus.storage..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.argus.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("io.argus.udf.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
