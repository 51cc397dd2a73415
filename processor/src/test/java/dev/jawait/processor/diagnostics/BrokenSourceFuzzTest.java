package dev.jawait.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.jawait.processor.AsyncProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The processor never crashes: a corpus of valid {@code @Async} methods is mutated at random
 * (seeded) into broken sources — tokens, braces and semicolons deleted, statements duplicated,
 * identifiers renamed to unknown ones, types swapped, {@code await(} inserted, the file
 * truncated — and each mutant must compile to diagnostics (or success) with no exception out of
 * the processor and no "internal error" or stack trace in any message.
 */
@Timeout(300)
class BrokenSourceFuzzTest {
    static final String CORPUS = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Corpus {",
            "  int base = 10;",
            "  static Future<Integer> val(int v) { return Future.ready(v); }",
            "  @Async static Future<Integer> straight(int a) {",
            "    int x = await(val(a));",
            "    int y = await(val(x + 1));",
            "    return Future.ready(x + y);",
            "  }",
            "  @Async static Future<Integer> branches(int a) {",
            "    if (a > 0) {",
            "      return Future.ready(await(val(a)) * 2);",
            "    } else {",
            "      int n = await(val(-a));",
            "      return Future.ready(n);",
            "    }",
            "  }",
            "  @Async static Future<Integer> loop(int n) {",
            "    int sum = 0;",
            "    for (int i = 0; i < n; i++) {",
            "      sum += await(val(i));",
            "    }",
            "    return Future.ready(sum);",
            "  }",
            "  @Async static Future<Integer> whileLoop(int n) {",
            "    int i = 0;",
            "    while (i < n) {",
            "      i = await(val(i + 1));",
            "    }",
            "    return Future.ready(i);",
            "  }",
            "  @Async static Future<Integer> doLoop(int n) {",
            "    int i = 0;",
            "    do {",
            "      i += await(val(1));",
            "    } while (i < n);",
            "    return Future.ready(i);",
            "  }",
            "  @Async static Future<Integer> each(List<Integer> xs) {",
            "    int total = 0;",
            "    for (int x : xs) {",
            "      total += await(val(x));",
            "    }",
            "    return Future.ready(total);",
            "  }",
            "  @Async static Future<String> tryCatch(int a) {",
            "    try {",
            "      int v = await(val(a));",
            "      if (v < 0) throw new IllegalStateException(\"neg\");",
            "      return Future.ready(\"ok\" + v);",
            "    } catch (IllegalStateException e) {",
            "      return Future.ready(e.getMessage());",
            "    }",
            "  }",
            "  @Async static Future<Integer> tryFinally(int a) {",
            "    StringBuilder log = new StringBuilder();",
            "    try {",
            "      return Future.ready(await(val(a)));",
            "    } finally {",
            "      log.append(\"done\");",
            "    }",
            "  }",
            "  @Async static Future<String> switches(int a) {",
            "    String r;",
            "    switch (a) {",
            "      case 1: r = \"one\" + await(val(1)); break;",
            "      case 2: r = \"two\"; break;",
            "      default: r = \"many\" + await(val(a));",
            "    }",
            "    return Future.ready(r);",
            "  }",
            "  @Async static Future<Integer> nested(int a) {",
            "    return Future.ready(await(val(await(val(a)) + 1)) * await(val(2)));",
            "  }",
            "  @Async static Future<String> concat(String s) {",
            "    String t = s + await(val(1)) + \"-\" + await(val(2));",
            "    return Future.ready(t);",
            "  }",
            "  @Async static Future<Integer> ternary(boolean c) {",
            "    int v = c ? await(val(1)) : await(val(2));",
            "    return Future.ready(v);",
            "  }",
            "  @Async static Future<Integer> labeled(int n) {",
            "    int found = -1;",
            "    outer:",
            "    for (int i = 0; i < n; i++) {",
            "      for (int j = 0; j < n; j++) {",
            "        if (await(val(i * j)) == 4) { found = i; break outer; }",
            "      }",
            "    }",
            "    return Future.ready(found);",
            "  }",
            "  @Async Future<Integer> instance(int a) {",
            "    int v = await(val(a));",
            "    return Future.ready(base + v);",
            "  }",
            "  @Async static CompletableFuture<String> eager(String p) {",
            "    String v = await(CompletableFuture.completedFuture(p + \"!\"));",
            "    return CompletableFuture.completedFuture(v + await(val(1)));",
            "  }",
            "  @Async static <T> Future<T> generic(Future<T> f) {",
            "    T t = await(f);",
            "    return Future.ready(t);",
            "  }",
            "}");

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*|\\S");
    private static final Pattern IDENT = Pattern.compile("\\b[a-z][A-Za-z0-9]*\\b");
    private static final String[] TYPES = {"int", "String", "Integer", "long", "Object", "Future<Integer>", "T"};

    static Compilation compile(String source) {
        return Compiler.javac().withProcessors(new AsyncProcessor())
                .compile(JavaFileObjects.forSourceString("demo.Corpus", source));
    }

    @Test
    void corpusCompiles() {
        Compilation c = compile(CORPUS);
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        assertEquals(16, c.generatedSourceFiles().size(), "one machine per @Async method");
    }

    @Test
    void mutantsNeverCrashTheProcessor() {
        Random random = new Random(20240604L);
        long deadline = System.nanoTime() + 60_000_000_000L; // bound the wall time on a busy machine
        int compiled = 0;
        int withErrors = 0;
        for (int i = 0; i < 400 && (compiled < 100 || System.nanoTime() < deadline); i++) {
            String mutant = CORPUS;
            int count = 1 + random.nextInt(3);
            List<String> applied = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int kind = random.nextInt(7);
                applied.add(String.valueOf(kind));
                mutant = mutate(mutant, kind, random);
            }
            Compilation c;
            try {
                c = compile(mutant);
            } catch (Throwable t) {
                fail("mutant " + i + " (mutations " + applied + ") crashed the compilation: " + t + "\n" + mutant, t);
                return;
            }
            compiled++;
            if (c.status() == Compilation.Status.FAILURE) {
                withErrors++;
            }
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                String m = d.getMessage(null);
                if (m.contains("internal error") || m.contains("at dev.jawait.processor")
                        || m.contains("threw an uncaught exception")) {
                    fail("mutant " + i + " (mutations " + applied + "): " + d + "\n" + mutant);
                }
            }
        }
        assertTrue(compiled >= 100, "compiled only " + compiled + " mutants");
        assertTrue(withErrors > compiled / 2, "most mutants must be broken: " + withErrors + "/" + compiled);
    }

    static String mutate(String s, int kind, Random r) {
        switch (kind) {
            case 0: { // delete a random token
                List<int[]> tokens = spans(TOKEN.matcher(s));
                int[] t = tokens.get(r.nextInt(tokens.size()));
                return s.substring(0, t[0]) + s.substring(t[1]);
            }
            case 1: { // delete a brace, parenthesis or semicolon
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < s.length(); i++) {
                    if ("{}();".indexOf(s.charAt(i)) >= 0) {
                        at.add(i);
                    }
                }
                int i = at.get(r.nextInt(at.size()));
                return s.substring(0, i) + s.substring(i + 1);
            }
            case 2: { // duplicate a line
                String[] lines = s.split("\n", -1);
                int i = r.nextInt(lines.length);
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < lines.length; j++) {
                    b.append(lines[j]).append('\n');
                    if (j == i) {
                        b.append(lines[j]).append('\n');
                    }
                }
                return b.toString();
            }
            case 3: { // rename an identifier to an unknown one
                List<int[]> ids = spans(IDENT.matcher(s));
                int[] t = ids.get(r.nextInt(ids.size()));
                return s.substring(0, t[0]) + "unknown" + r.nextInt(100) + s.substring(t[1]);
            }
            case 4: { // swap a type
                String from = TYPES[r.nextInt(TYPES.length)];
                String to = TYPES[r.nextInt(TYPES.length)];
                int i = s.indexOf(from + " ", r.nextInt(s.length()));
                return i < 0 ? s : s.substring(0, i) + to + s.substring(i + from.length());
            }
            case 5: { // insert "await(" before an expression-ish token
                List<int[]> ids = spans(IDENT.matcher(s));
                int[] t = ids.get(r.nextInt(ids.size()));
                String wrap = r.nextBoolean() ? "await(" : "await(" + s.substring(t[0], t[1]) + ")";
                return r.nextBoolean() ? s.substring(0, t[0]) + wrap + s.substring(t[0])
                        : s.substring(0, t[0]) + wrap + s.substring(t[1]);
            }
            default: // truncate
                return s.substring(0, r.nextInt(s.length()));
        }
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }
}
