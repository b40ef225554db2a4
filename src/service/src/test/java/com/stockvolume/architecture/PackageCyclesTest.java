package com.stockvolume.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.model.ModelRegistry;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Each package can be read on its own terms: no two of them import each other, directly or around a loop; and a
 * request's rows go one way, transport -> pipeline -> model.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.stockvolume");

    @Test
    void theServicesPackagesImportEachOtherWithoutCycles() {
        slices().matching("com.stockvolume.service.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theSharedPackagesNeverImportTheService() {
        slices().matching("com.stockvolume.(*)..").should().beFreeOfCycles().check(MAIN);
        noClasses()
                .that().resideInAnyPackage("com.stockvolume.features..", "com.stockvolume.card..")
                .should().dependOnClassesThat().resideInAPackage("com.stockvolume.service..").check(MAIN);
    }

    @Test
    void aRequestGoesFromItsTransportThroughThePipelineToTheModelNeverBack() {
        noClasses().that().resideInAPackage("com.stockvolume.service.model..")
                .should().dependOnClassesThat().resideInAnyPackage("com.stockvolume.service.pipeline..",
                        "com.stockvolume.service.prediction..", "com.stockvolume.service.api..",
                        "com.stockvolume.service.oip..")
                .check(MAIN);
        noClasses().that().resideInAPackage("com.stockvolume.service.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("com.stockvolume.service.prediction..",
                        "com.stockvolume.service.api..", "com.stockvolume.service.oip..")
                .check(MAIN);
    }

    @Test
    void onlyThePipelineHoldsAVersionOrAdmitsABatch() {
        noClasses().that().resideOutsideOfPackages("com.stockvolume.service.pipeline..", "com.stockvolume.service.model..")
                .should().callMethod(ModelRegistry.class, "hold", String.class, String.class).check(MAIN);
        noClasses().that().resideOutsideOfPackages("com.stockvolume.service.pipeline..",
                "com.stockvolume.service.admission..")
                .should().callMethod(AdmissionControl.class, "admit", AdmittedRequest.class, int.class).check(MAIN);
    }
}
