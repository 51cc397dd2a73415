package dev.jawait.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small state IR that the lower pass produces and the emit pass prints: fields, states (each
 * a run of Java statements, tagged with the try region it belongs to) and the regions' handlers.
 */
final class MachineIr {
    /** A field of the machine: a parameter, a hoisted local, a temporary, or bookkeeping. */
    static final class Field {
        final String name;
        final TypeName type;
        final boolean isFinal;
        final CodeBlock initializer;
        final boolean isStatic;
        /** The field's javadoc, or null. */
        final String doc;

        Field(String name, TypeName type, boolean isFinal, boolean isStatic, CodeBlock initializer) {
            this(name, type, isFinal, isStatic, initializer, null);
        }

        Field(String name, TypeName type, boolean isFinal, boolean isStatic, CodeBlock initializer, String doc) {
            this.name = name;
            this.type = type;
            this.isFinal = isFinal;
            this.isStatic = isStatic;
            this.initializer = initializer;
            this.doc = doc;
        }

        boolean isReference() {
            return !type.isPrimitive();
        }
    }

    /** A parameter of the machine's constructor: its name there, and the field it initialises. */
    static final class ConstructorParam {
        final String name;
        final Field field;

        ConstructorParam(String name, Field field) {
            this.name = name;
            this.field = field;
        }
    }

    /**
     * One state: a {@code case} of the machine's switch. Its number is assigned when it is placed,
     * so the cases read top to bottom in source order; code refers to states by object and the
     * number is printed through {@link #toString()}.
     */
    static final class State {
        int id = -1;
        final String comment;
        final Handler handler;
        final CodeBlock.Builder code = CodeBlock.builder();

        State(String comment, Handler handler) {
            this.comment = comment;
            this.handler = handler;
        }

        @Override
        public String toString() {
            if (id < 0) {
                throw new IllegalStateException("state used but never placed: " + comment);
            }
            return Integer.toString(id);
        }
    }

    /** A catch clause of a try region: its exception types and the state its block starts at. */
    static final class Catch {
        final List<TypeName> types;
        final State entry;

        Catch(List<TypeName> types, State entry) {
            this.types = types;
            this.entry = entry;
        }
    }

    /** The finally block of a try region, with the fields that hold its pending completion. */
    static final class Finally {
        final State entry;
        final String pendingThrow;
        final String pendingJump;
        /**
         * Whether the pending exception waits while user code runs (a finally block, which may
         * end abruptly and leave it behind), so that entering normally must clear it; false for
         * a resource's close, which takes it at once.
         */
        final boolean runsUserCode;

        Finally(State entry, String pendingThrow, String pendingJump, boolean runsUserCode) {
            this.entry = entry;
            this.pendingThrow = pendingThrow;
            this.pendingJump = pendingJump;
            this.runsUserCode = runsUserCode;
        }

        /**
         * The code that enters this finally normally, to continue toward {@code target} after it:
         * a finally block that once ended abruptly (a throw, a jump out of it) while an exception
         * was pending left that exception in its field, which a normal entry must not rethrow.
         */
        CodeBlock enterFor(State target) {
            return runsUserCode
                    ? CodeBlock.of("this.$L = null;\nthis.$L = $L;\nthis.state = $L;\n", pendingThrow, pendingJump, target, entry)
                    : CodeBlock.of("this.$L = $L;\nthis.state = $L;\n", pendingJump, target, entry);
        }
    }

    /**
     * Where an exception thrown in a state goes: the catches of its try region (only for states in
     * the try block), then the region's finally, then the enclosing region's handler.
     */
    static final class Handler {
        final List<Catch> catches;
        final Finally fin;
        final Handler parent;
        final String comment;

        Handler(List<Catch> catches, Finally fin, Handler parent, String comment) {
            this.catches = catches;
            this.fin = fin;
            this.parent = parent;
            this.comment = comment;
        }
    }

    final AsyncMethod method;
    final List<Field> fields = new ArrayList<>();
    final List<State> states = new ArrayList<>();
    final Set<String> suppressWarnings = new LinkedHashSet<>();
    /** Whether an await polls its future at once, so {@code poll} declares the local that keeps a ready poll. */
    boolean awaitsAtOnce;
    /** Machine constructor parameters, in order: instances then method parameters. */
    final List<ConstructorParam> constructorParams = new ArrayList<>();
    /** Static helper methods of the machine (e.g. {@link MemberHandles#fieldReader}), printed after its own. */
    final List<com.palantir.javapoet.MethodSpec> methods = new ArrayList<>();
    /** Local classes hoisted to member classes of the machine, printed (see {@link LocalClasses}). */
    final Map<String, CodeBlock> memberClasses = new LinkedHashMap<>();
    /** The statement the redirect prepends to the user's method. */
    String redirectStatement;

    MachineIr(AsyncMethod method) {
        this.method = method;
    }
}
