package dev.jawait.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/** What the analyse pass learned about one {@code @Async} method; read by all later passes. */
final class AsyncMethod {
    /** How the method's result is delivered. */
    enum Kind {
        /** Returns {@code dev.jawait.Future<T>}: the call only builds the machine. */
        LAZY,
        /** Returns {@code CompletableFuture<T>} / {@code CompletionStage<T>}: runs at the call. */
        EAGER
    }

    final ExecutableElement method;
    final TypeElement owner;
    final MethodTree tree;
    final TreePath path;
    final CompilationUnitTree unit;
    final String packageName;
    final String machineName;
    Kind kind;
    /** The {@code T} of the declared return type. */
    TypeMirror resultType;
    /** Every {@code await(...)} call in the body. */
    final Set<MethodInvocationTree> awaits = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Every tree that has an await somewhere below it (awaits included). */
    final Set<Tree> containsAwait = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Locals (including catch parameters, loop and resource variables) whose scope contains an
     * await, with the element javac gave them, hence their exact type. Parameters are not here:
     * they are always fields.
     */
    final Map<VariableTree, VariableElement> hoisted = new LinkedHashMap<>();
    /** The pattern variables of the body, by name. */
    final Map<String, List<VariableTree>> bindings = new java.util.HashMap<>();
    /** Types of catch parameters (routing needs them even when not hoisted). */
    final Map<VariableTree, VariableElement> catchParams = new IdentityHashMap<>();
    /**
     * The instances the body can refer to: index 0 is the method's class ({@code this}, absent for
     * static methods), then each enclosing instance for inner classes ({@code Outer.this}).
     */
    final List<TypeElement> instances = new ArrayList<>();

    AsyncMethod(ExecutableElement method, TypeElement owner, MethodTree tree, TreePath path,
            CompilationUnitTree unit, String packageName, String machineName) {
        this.method = method;
        this.owner = owner;
        this.tree = tree;
        this.path = path;
        this.unit = unit;
        this.packageName = packageName;
        this.machineName = machineName;
    }

    boolean isStatic() {
        return method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
    }

    boolean hasAwait(Tree t) {
        return t != null && containsAwait.contains(t);
    }
}
