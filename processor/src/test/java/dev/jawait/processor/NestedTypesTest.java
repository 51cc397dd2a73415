package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Member types (and static members) named by their simple name in an {@code @Async} body: the
 * machine is a separate top-level class, so it must print them qualified.
 */
@Timeout(120)
class NestedTypesTest {
    static final String SOURCE = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.ArrayList;",
            "import java.util.List;",
            "public class ChatServer extends Thread {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static final int LIMIT = 3;",
            "  static final class ChannelOutbox {",
            "    static final String PREFIX = \">\";",
            "    final List<String> sent = new ArrayList<>();",
            "    void use(String s) { sent.add(PREFIX + s); }",
            "    static ChannelOutbox make() { return new ChannelOutbox(); }",
            "    static final class Deeper { int n = 7; }",
            "  }",
            "  enum Mode { ON, OFF }",
            "  record Pair(int a, String b) {}",
            "  interface Sink { void put(String s); }",
            "  static String describe(Mode m) { return \"mode \" + m; }",
            "",
            "  @Async static Future<String> session() {",
            "    ChannelOutbox o = new ChannelOutbox();",
            "    ChannelOutbox.Deeper deep = new ChannelOutbox.Deeper();",
            "    await(v(\"a\", 1));",
            "    o.use(await(v(\"b\", \"x\")));",
            "    ChannelOutbox o2 = ChannelOutbox.make();",
            "    List<ChannelOutbox> all = new ArrayList<ChannelOutbox>();",
            "    all.add(o); all.add(o2);",
            "    Object any = all.get(0);",
            "    ChannelOutbox back = (ChannelOutbox) any;",
            "    boolean is = any instanceof ChannelOutbox;",
            "    Mode m = await(v(\"m\", Mode.ON));",
            "    String sw = switch (m) { case ON -> \"on\"; case OFF -> \"off\"; };",
            "    Pair p = new Pair(LIMIT, ChannelOutbox.PREFIX);",
            "    Sink sink = s -> log(\"sink \" + s);",
            "    sink.put(await(v(\"c\", \"y\")));",
            "    State inh = await(v(\"d\", State.NEW));",
            "    UncaughtExceptionHandler sq = (t, e) -> log(\"h\");",
            "    Class<?> k = ChannelOutbox.class;",
            "    Mode[] modes = Mode.values();",
            "    ChannelOutbox[] arr = new ChannelOutbox[] {o};",
            "    await(v(\"e\", 0));",
            "    return Future.ready(back.sent + \" \" + is + \" \" + sw + \" \" + p + \" \" + inh + \" \" + (sq != null)",
            "        + \" \" + k.getSimpleName() + \" \" + modes.length + \" \" + arr.length + \" \" + deep.n",
            "        + \" \" + describe(m) + \" \" + Mode.OFF + \" \" + LIMIT + \" \" + o2.sent);",
            "  }",
            "  static Object sessionEntry() { return session(); }",
            "",
            "  final class Inner { int x = 5; }",
            "  @Async Future<Integer> instanceSession() {",
            "    Inner in = new Inner();",
            "    await(v(\"a\", 1));",
            "    ChannelOutbox o = new ChannelOutbox();",
            "    o.use(\"z\");",
            "    return Future.ready(in.x + o.sent.size());",
            "  }",
            "  static Object instanceEntry() { return new ChatServer().instanceSession(); }",
            // qualified creations of an inner class: the machine, another class, must keep the
            // simple name after '.new' (JLS 15.9; until session 20 it wrote 'ChatServer.Inner')
            "  static final ChatServer SHARED = new ChatServer();",
            "  final class Gen<T> { final T t; Gen(T t) { this.t = t; } }",
            "  @Async static Future<String> qualifiedCreation(ChatServer outer) {",
            "    Inner a = outer.new Inner();",
            "    Inner b = SHARED.new Inner();",
            "    Gen<String> g = outer.new Gen<String>(\"g\");",
            "    await(v(\"q\", 1));",
            "    Inner c = outer.new Inner();",
            "    return Future.ready(a.x + b.x + c.x + g.t);",
            "  }",
            "  @Async Future<String> qualifiedByThis() {",
            "    Inner a = this.new Inner();",
            "    await(v(\"t\", 1));",
            "    return Future.ready(a.x + \"\" + this.new Inner().x);",
            "  }",
            // a conditional argument of a qualified creation whose kind depends on the target: the
            // constructors are those of the member class of the qualifier's type (until session 21
            // the processor did not look them up, and rejected the conditional)
            "  final class Sized { final int n; Sized(int n) { this.n = n; } }",
            "  @Async static Future<Integer> qualifiedCreationOfAConditional(ChatServer outer, boolean c) {",
            "    Sized s = outer.new Sized(c ? (1 + await(v(\"a\", await(v(\"b\", 2))))) : 0);",
            "    return Future.ready(s.n + SHARED.new Sized(!c ? 5 : await(v(\"d\", 7) )).n);",
            "  }",
            "  static Object qualifiedConditionalEntry() { return qualifiedCreationOfAConditional(new ChatServer(), true); }",
            "  static Object qualifiedConditionalOtherEntry() { return qualifiedCreationOfAConditional(new ChatServer(), false); }",
            "  static Object qualifiedEntry() { return qualifiedCreation(new ChatServer()); }",
            "  static Object qualifiedByThisEntry() { return new ChatServer().qualifiedByThis(); }",
            "}");

    @ParameterizedTest
    @ValueSource(strings = {"sessionEntry", "instanceEntry", "qualifiedEntry", "qualifiedByThisEntry",
            "qualifiedConditionalEntry", "qualifiedConditionalOtherEntry"})
    void sameAsSynchronous(String entry) {
        CompileAndRun.assertSameAsSync("demo.ChatServer", SOURCE, entry);
    }
}
