package dev.jawait.fuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fuzzer.gen.Edits;
import dev.jawait.fuzzer.gen.Generator;
import dev.jawait.fuzzer.gen.Program;
import dev.jawait.fuzzer.run.BatchCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator families added for instance methods and fields, pattern {@code instanceof},
 * generic and varargs {@code @Async} methods, and private members reached on values only javac
 * types or through a class body's field: a fixed-seed batch uses every one of them, and
 * every program of it compiles with the processor and behaves like its twin; the shrinker's
 * edits of such programs are reversible and never remove the entry method.
 */
@Timeout(900)
class GeneratorFamiliesTest {
    /** One coverage key per family (or form of it) the batch must contain. */
    private static final List<String> FAMILIES = List.of(
            "instance @Async method",
            "await(this.mJ(...))",
            "instance @Async method called by bare name",
            "static @Async method awaits an instance one (it.mJ)",
            "instance field by bare name",
            "instance field as this.f",
            "instance field through it",
            "instance field through a local instance",
            "instance field compound assignment",
            "instance field narrowing compound assignment",
            "instance field ++/--",
            "instance field ++/-- as expression",
            "instance array field element store",
            "private instance field",
            "local holding the instance",
            "local Object",
            "pattern instanceof in if",
            "pattern binding used after an await",
            "pattern instanceof negated (flow scoping)",
            "pattern instanceof in && chain",
            "await in a condition using a pattern binding",
            "pattern instanceof in ?:",
            "await in pattern instanceof subject",
            "generic @Async method",
            "local T of a generic @Async method",
            "generic @Async method awaited at String",
            "generic @Async method awaited at int",
            "varargs @Async method",
            "varargs @Async method with 0 arguments",
            "varargs @Async method with 2 arguments",
            "awaited varargs argument",
            "varargs @Async method passed an int[]",
            "private method call on a lambda's inferred parameter",
            "private method call on a conditional with a null branch",
            "class body field holding the instance",
            "class body field hiding an outer field of another type",
            "var local of an expression",
            "var local of a reference type",
            "for (var i = ...)",
            "for (var e : array)",
            "for (var e : List)",
            "local record",
            "method reference capturing a local",
            "synchronized block",
            "await of a CompletionStage",
            "inner class instance",
            "nested array initializer");

    @Test
    void everyNewFamilyOccursAndBehavesLikeTheTwin() {
        Campaign c = new Campaign();
        // A batch with every family in it: 20261127 lost one when pattern conditionals could await,
        // 20261128 one when private method calls and class-body fields came (session 16); 20261129
        // has every family again since session 20's (it lost one while they came one by one).
        c.seed = 20261129L;
        c.count = 40;
        c.batch = 40;
        c.profile = Generator.Profile.SUPPORTED;
        c.verbose = false;
        c.run();
        System.out.println("generator families batch:\n" + c.summary());
        assertEquals(List.of(), c.generatorErrors, "javac must accept every twin");
        assertEquals(c.count, c.programs + c.javacCrashes, "every program ran");
        List<String> missing = FAMILIES.stream().filter(f -> !c.coverage.containsKey(f)).collect(Collectors.toList());
        assertEquals(List.of(), missing, "families the batch never generated");
        List<String> diverged = c.divergences.stream()
                .map(f -> f.program.className() + ": " + f.divergence + "\n" + f.program.source())
                .collect(Collectors.toList());
        assertTrue(diverged.isEmpty(), () -> String.join("\n\n", diverged));
    }

    /**
     * Every edit applies and undoes exactly, m0 (the entry's method) is never removed, and javac
     * judges every edited program (it compiles or is rejected, which the shrinker then skips).
     */
    @Test
    void shrinkerEditsOfNewConstructsAreReversibleAndJudgedByJavac() {
        Program p = null;
        for (long seed = 1; p == null; seed++) {
            Program q = Generator.generate(seed, "E");
            if (q.features.contains("generic @Async method") && q.features.contains("varargs @Async method")
                    && q.features.contains("pattern instanceof negated (flow scoping)")
                    && q.features.contains("instance @Async method")) {
                p = q;
            }
        }
        String original = p.source();
        Map<String, String> twins = new LinkedHashMap<>();
        List<Edits.Edit> edits = Edits.of(p);
        int n = 0;
        for (Edits.Edit e : edits) {
            if (!e.apply()) {
                continue;
            }
            String edited = p.source("E" + n);
            e.undo();
            assertEquals(original, p.source(), "undo restores the program");
            assertTrue(edited.contains(" m0(int d, int p)"), "m0 stays");
            if (n % 4 == 0) { // a sample keeps the javac run short
                twins.put("fz.E" + n, Program.twinOf(edited));
            }
            n++;
        }
        assertTrue(n > 50, "edits: " + n);
        BatchCompiler.Batch b = BatchCompiler.compile(twins, false);
        List<String> crashed = new ArrayList<>();
        b.errors.forEach((cls, errs) -> {
            if (errs.size() == 1 && errs.get(0).startsWith("javac crashed")) {
                crashed.add(cls);
            }
        });
        assertEquals(List.of(), crashed);
        assertFalse(b.errors.size() == twins.size(), "some edited programs still compile");
    }
}
