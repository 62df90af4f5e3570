package dev.tollgate.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.tollgate.collector.config.TollgateConfiguration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector's package rules (docs/architecture.md, "Collector packages"). Every package
 * under {@code dev.tollgate.collector} is of one kind; the rules say which kinds may use
 * which, so a new feature package (alerts, exports) is checked without a change here: a package
 * not named in {@link #KINDS} is a feature.
 */
class ArchitectureTest {

  static final String ROOT = "dev.tollgate.collector";

  /** The kinds of package, and which kinds each may use besides itself. */
  enum Kind {
    /** {@code common}: problem+json, paging, the feature context; uses no collector package. */
    FOUNDATION,
    /** {@code config}: the configuration; uses only the foundation. */
    CONFIGURATION,
    /** {@code infra}, {@code auth}, {@code audit}: what every feature stands on. */
    PLATFORM,
    /**
     * {@code sources}, {@code pricing}, {@code quota}, {@code periods}, {@code alerts}: features
     * that other features build on (ingest bills to open months and raises alerts).
     */
    DOMAIN,
    /** Every other package: one feature each, which may not use another feature. */
    FEATURE,
    /**
     * {@code console}: the web console, a presentation of the features the REST API serves. Its
     * pages show the reports and write through admin's and pricing's services, so that a page
     * and the API validate, audit and answer alike; that means using several features, which a
     * feature may not. No feature uses it (it is wired by the application), so it adds no edge
     * between features.
     */
    PRESENTATION,
    /** {@code dev}: dev mode, and the only kind that knows it exists. */
    DEV,
    /** The root package: the application, which wires everything. */
    APPLICATION;

    Set<Kind> mayUse() {
      return switch (this) {
        case FOUNDATION -> EnumSet.noneOf(Kind.class);
        case CONFIGURATION -> EnumSet.of(FOUNDATION);
        case PLATFORM -> EnumSet.of(FOUNDATION, CONFIGURATION);
        case DOMAIN -> EnumSet.of(FOUNDATION, PLATFORM);
        case FEATURE -> EnumSet.of(FOUNDATION, PLATFORM, DOMAIN);
        case PRESENTATION -> EnumSet.of(FOUNDATION, PLATFORM, DOMAIN, FEATURE);
        case DEV -> EnumSet.of(FOUNDATION, CONFIGURATION, PLATFORM, DOMAIN, FEATURE);
        case APPLICATION -> EnumSet.of(FOUNDATION, CONFIGURATION, PLATFORM, DOMAIN, FEATURE, PRESENTATION, DEV);
      };
    }
  }

  /** The first package name under {@link #ROOT} of each kind that is not a feature. */
  static final Map<String, Kind> KINDS = Map.ofEntries(
      Map.entry("common", Kind.FOUNDATION),
      Map.entry("config", Kind.CONFIGURATION),
      Map.entry("infra", Kind.PLATFORM),
      Map.entry("auth", Kind.PLATFORM),
      Map.entry("audit", Kind.PLATFORM),
      Map.entry("sources", Kind.DOMAIN),
      Map.entry("pricing", Kind.DOMAIN),
      Map.entry("quota", Kind.DOMAIN),
      Map.entry("periods", Kind.DOMAIN),
      Map.entry("alerts", Kind.DOMAIN),
      Map.entry("minting", Kind.DOMAIN),
      Map.entry("console", Kind.PRESENTATION),
      Map.entry("dev", Kind.DEV));

  static JavaClasses collector;

  @BeforeAll
  static void importMainClasses() {
    collector = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  /** The first package name under the root, "" for the root package itself, null outside the collector. */
  static String topPackage(JavaClass c) {
    String name = c.getPackageName();
    if (name.equals(ROOT)) {
      return "";
    }
    if (!name.startsWith(ROOT + ".")) {
      return null;
    }
    return name.substring(ROOT.length() + 1).split("\\.")[0];
  }

  static Kind kindOf(JavaClass c) {
    String top = topPackage(c);
    if (top == null) {
      return null;
    }
    return top.isEmpty() ? Kind.APPLICATION : KINDS.getOrDefault(top, Kind.FEATURE);
  }

  static DescribedPredicate<JavaClass> ofKind(Kind kind) {
    return DescribedPredicate.describe("are in a " + kind + " package", c -> kindOf(c) == kind);
  }

  static DescribedPredicate<JavaClass> outsideTheCollectorOrOfKind(Set<Kind> kinds) {
    return DescribedPredicate.describe("are outside the collector or in a package of kind " + kinds,
        c -> kindOf(c) == null || kinds.contains(kindOf(c)));
  }

  @Test
  void theRulesSeeEveryKindOfPackage() {
    Set<Kind> seen = EnumSet.noneOf(Kind.class);
    collector.forEach(c -> {
      if (kindOf(c) != null) {
        seen.add(kindOf(c));
      }
    });
    assertThat(seen).as("kinds of package found among the collector's main classes")
        .containsExactlyInAnyOrder(Kind.values());
  }

  @Test
  void eachKindOfPackageUsesOnlyTheKindsItMay() {
    // Every kind is checked, so that a failure lists the violations of all kinds at once.
    List<String> violations = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      Set<Kind> allowed = EnumSet.of(kind);
      allowed.addAll(kind.mayUse());
      EvaluationResult result = classes().that(ofKind(kind))
          .should().onlyDependOnClassesThat(outsideTheCollectorOrOfKind(allowed))
          .because("packages of kind " + kind + " may use only " + kind.mayUse() + " packages besides their own kind "
              + "(docs/architecture.md, \"Collector packages\")")
          .evaluate(collector);
      if (result.hasViolation()) {
        violations.add(result.getFailureReport().toString());
      }
    }
    assertThat(violations).as("packages that use a kind of package they may not").isEmpty();
  }

  @Test
  void noFeatureUsesAnotherFeature() {
    slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        return kindOf(javaClass) == Kind.FEATURE ? SliceIdentifier.of(topPackage(javaClass)) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "feature packages";
      }
    }).should().notDependOnEachOther()
        .because("what two features share belongs in a DOMAIN or PLATFORM package, or in common")
        .check(collector);
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
        .because("a package cycle means neither package can be understood, or moved, alone")
        .check(collector);
  }

  @Test
  void onlyTheApplicationClassKnowsDevModeExists() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".dev..")
        .and().doNotHaveFullyQualifiedName(TollgateApplication.class.getName())
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".dev..")
        .because("dev mode is wired from dev.DevMode, which TollgateApplication adds in one call")
        .check(collector);
    noClasses().that().resideOutsideOfPackages(ROOT + ".dev..", ROOT + ".config..")
        .should().callMethodWhere(DescribedPredicate.describe("the target is a dev-mode setting of the configuration",
            (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(TollgateConfiguration.class)
                && call.getName().matches("(is|set)DevMode|(get|set)Dev.*")))
        .because("only dev mode itself may ask whether it is on")
        .check(collector);
  }

  @Test
  void nothingDependsOnTheApplicationPackage() {
    noClasses().that().resideOutsideOfPackage(ROOT).should().dependOnClassesThat().resideInAPackage(ROOT)
        .because("the application package wires the others; anything a package needs from it is an argument")
        .check(collector);
  }

  @Test
  void onlyDaoAndSqlClassesRunSql() {
    Set<String> statements = Set.of("createQuery", "createUpdate", "createBatch", "prepareBatch", "createCall",
        "createScript", "execute", "select");
    noClasses().that().haveSimpleNameNotEndingWith("Dao").and().haveSimpleNameNotEndingWith("Sql")
        .and(DescribedPredicate.not(reportQueries()))
        .should().callMethodWhere(DescribedPredicate.describe("the target is a statement on a JDBI Handle",
            (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Handle.class)
                && statements.contains(call.getName())))
        .because("SQL lives in *Dao (JDBI SqlObject) or *Sql classes of the feature that owns the tables; "
            + "only the reports' *Report classes compose their SELECTs per request")
        .check(collector);
  }

  /** The reports package's query classes: each composes one SELECT from the request's filters. */
  static DescribedPredicate<JavaClass> reportQueries() {
    return DescribedPredicate.describe("are report queries (reports.*Report)",
        c -> "reports".equals(topPackage(c)) && Arrays.stream(c.getName().split("\\$")).findFirst()
            .orElse("").endsWith("Report"));
  }

  @Test
  void noResourceHoldsADatabase() {
    noFields().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Resource")
        .should().haveRawType(Jdbi.class)
        .because("a resource asks a service or a DAO; it does not run SQL")
        .check(collector);
  }

  @Test
  void environmentVariablesAreReadOnlyThroughTheConfiguration() {
    noClasses().should().callMethodWhere(DescribedPredicate.describe("the target is System.getenv",
            (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(System.class)
                && call.getName().equals("getenv")))
        .because("TOLLGATE_* variables reach the collector through TollgateConfiguration (${...} in its YAML)")
        .check(collector);
  }
}
