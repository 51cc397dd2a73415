package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.jawait.processor.check.ScopeCache;
import dev.jawait.processor.MachineIr.Field;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What every part of one method's lowering shares: the method and javac's utilities, the
 * {@link MachineIr} being built, and the machine fields that hold the method's locals. One per
 * {@link StateLowering}; its collaborators read and extend it instead of pointing back at it.
 */
final class LoweringContext {
    private static final Set<String> RESERVED = Set.of("state", "self", "result", "caught");

    final AsyncMethod m;
    final Trees trees;
    /** The method's {@code getScope} answers, shared with the checks and the analysis. */
    final ScopeCache scopes;
    final Types types;
    final Elements elements;
    final SourcePositions positions;
    final MachineIr ir;
    /** {@code Machine.this}: the machine instance as seen from a class body inside it. */
    final String machineThis;
    /** The machine field of each hoisted local (and parameter). */
    final Map<VariableTree, String> fieldOf = new IdentityHashMap<>();
    /** The type of each hoisted local's field. */
    final Map<VariableTree, TypeMirror> fieldType = new IdentityHashMap<>();
    /** The names of the machine's fields so far. */
    final Set<String> fieldNames = new HashSet<>();
    /** Local classes whose uses span states: member classes of the machine (see {@link LocalClasses}). */
    final Map<String, ClassTree> hoistedClasses = new LinkedHashMap<>();
    /** Numbers the fresh locals of the generated code (snapshots, pattern copies, resources). */
    int snapshotCount;

    LoweringContext(AsyncMethod m, ProcessingEnvironment env, Trees trees, ScopeCache scopes) {
        this.m = m;
        this.trees = trees;
        this.scopes = scopes;
        this.types = env.getTypeUtils();
        this.elements = env.getElementUtils();
        this.positions = trees.getSourcePositions();
        this.ir = new MachineIr(m);
        this.machineThis = m.machineName + ".this";
    }

    /** Reports {@code message} at {@code at}; the caller throws the result to abandon the method. */
    RuntimeException fail(Tree at, String message) {
        trees.printMessage(javax.tools.Diagnostic.Kind.ERROR, message, at, m.unit);
        return new StateLowering.Failed();
    }

    /**
     * The machine's {@code static final} copy of the assertion status of the user's top-level
     * class, declared on first use: an {@code assert} in the method is enabled by that class's
     * status (JLS 14.10; a nested class has its top-level class's), not by the machine's own.
     * Returns the qualified name, usable from the machine's nested classes and lambdas too.
     */
    String assertionsFlag() {
        String name = "ASSERTIONS$";
        if (fieldNames.add(name)) {
            Element top = m.owner;
            while (top.getEnclosingElement() instanceof TypeElement) {
                top = top.getEnclosingElement();
            }
            ir.fields.add(new Field(name, TypeName.BOOLEAN, true, true,
                    CodeBlock.of("$T.class.desiredAssertionStatus()", ClassName.get((TypeElement) top))));
        }
        return m.machineName + "." + name;
    }

    String uniqueFieldName(String base) {
        String name = base;
        for (int n = 2; RESERVED.contains(name) || !fieldNames.add(name); n++) {
            name = base + "$" + n;
        }
        return name;
    }

    void addField(String name, TypeName type) {
        if (fieldNames.add(name)) {
            ir.fields.add(new Field(name, type, false, false, null));
        }
    }
}
