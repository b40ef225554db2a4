package com.stockvolume.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Each package can be read on its own terms: no two of them import each other, directly or around a loop. */
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
}
