package dev.jawait.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * The hoist-classes pass: decides which local classes (records, enums, interfaces) of an
 * {@code @Async} body become member classes of the machine.
 *
 * <p>A local class whose scope (the statements after it in its block or switch) holds no await
 * runs entirely inside one state, so it is copied in place. Otherwise its uses span states, which
 * are separate {@code case}s of the machine, so it is hoisted to a member class. Every local it
 * captures is then in scope at that await too, so it lives in a field of the machine (the
 * analysis hoists every local in scope at an await that a class body names: see
 * {@code ShortLivedLocals}); the hoisted class copies those fields into
 * its own when an instance is created — as javac's own lowering of a local class passes its
 * captured values to the constructor — so each instance keeps the values of its own iteration.
 * Classes nested in lambdas or in other classes stay where they are, with their enclosing code.
 */
final class LocalClasses {
    private LocalClasses() {}

    /** The local classes to hoist, in source order. */
    static List<ClassTree> toHoist(AsyncMethod m) {
        List<ClassTree> out = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBlock(BlockTree node, Void unused) {
                check(node.getStatements(), List.of());
                return super.visitBlock(node, unused);
            }

            @Override
            public Void visitSwitch(SwitchTree node, Void unused) {
                List<StatementTree> later = new ArrayList<>();
                for (int i = node.getCases().size() - 1; i >= 0; i--) {
                    CaseTree c = node.getCases().get(i);
                    if (c.getStatements() != null) {
                        check(c.getStatements(), later);
                        later.addAll(0, c.getStatements());
                    }
                }
                return super.visitSwitch(node, unused);
            }

            private void check(List<? extends StatementTree> statements, List<StatementTree> after) {
                for (int i = 0; i < statements.size(); i++) {
                    if (!(statements.get(i) instanceof ClassTree)) {
                        continue;
                    }
                    ClassTree c = (ClassTree) statements.get(i);
                    boolean awaitAfter = false;
                    for (Tree t : statements.subList(i + 1, statements.size())) {
                        awaitAfter |= m.hasAwait(t);
                    }
                    for (Tree t : after) {
                        awaitAfter |= m.hasAwait(t);
                    }
                    if (awaitAfter) {
                        out.add(c);
                    }
                }
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                return null; // its members are copied with it
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                return null; // a lambda body runs within one state
            }
        }.scan(m.tree.getBody(), null);
        return out;
    }

    /**
     * A creation of a hoisted local class inside a static member of {@code c} (Java 16+ allows
     * static members in local classes), or null. Hoisted classes are inner classes of the machine,
     * so such a creation would have no machine instance to belong to.
     */
    static NewClassTree creationInStaticContext(ClassTree c, Set<String> hoistedClasses) {
        NewClassTree[] found = {null};
        for (Tree member : c.getMembers()) {
            boolean isStatic = member instanceof MethodTree
                    && ((MethodTree) member).getModifiers().getFlags().contains(Modifier.STATIC)
                    || member instanceof VariableTree
                    && ((VariableTree) member).getModifiers().getFlags().contains(Modifier.STATIC)
                    || member instanceof BlockTree && ((BlockTree) member).isStatic();
            if (!isStatic) {
                continue;
            }
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitNewClass(NewClassTree node, Void unused) {
                    Tree id = node.getIdentifier();
                    Tree raw = id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id;
                    if (found[0] == null && raw instanceof IdentifierTree
                            && hoistedClasses.contains(((IdentifierTree) raw).getName().toString())) {
                        found[0] = node;
                    }
                    return super.visitNewClass(node, unused);
                }
            }.scan(member, null);
        }
        return found[0];
    }

    /**
     * {@link TypeName#get}, with local classes by their simple name: the machine's member classes
     * (inside a generic machine, {@code Machine.Box<T>} would be a raw outer type).
     */
    static TypeName typeName(TypeMirror t) {
        switch (t.getKind()) {
            case ARRAY:
                return ArrayTypeName.of(typeName(((ArrayType) t).getComponentType()));
            case WILDCARD: {
                WildcardType w = (WildcardType) t;
                if (w.getExtendsBound() != null) {
                    return WildcardTypeName.subtypeOf(typeName(w.getExtendsBound()));
                }
                return w.getSuperBound() != null ? WildcardTypeName.supertypeOf(typeName(w.getSuperBound()))
                        : TypeName.get(t);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                TypeElement e = (TypeElement) d.asElement();
                if (e.getNestingKind() != NestingKind.LOCAL) {
                    boolean plain = true;
                    for (TypeMirror a : d.getTypeArguments()) {
                        plain &= !mentionsLocalClass(a);
                    }
                    if (plain) {
                        return TypeName.get(t);
                    }
                }
                ClassName raw = e.getNestingKind() == NestingKind.LOCAL
                        ? ClassName.get("", e.getSimpleName().toString())
                        : ClassName.get(e);
                if (d.getTypeArguments().isEmpty()) {
                    return raw;
                }
                TypeName[] args = new TypeName[d.getTypeArguments().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = typeName(d.getTypeArguments().get(i));
                }
                return ParameterizedTypeName.get(raw, args);
            }
            default:
                return TypeName.get(t);
        }
    }

    private static boolean mentionsLocalClass(TypeMirror t) {
        switch (t.getKind()) {
            case ARRAY:
                return mentionsLocalClass(((ArrayType) t).getComponentType());
            case WILDCARD: {
                WildcardType w = (WildcardType) t;
                return w.getExtendsBound() != null && mentionsLocalClass(w.getExtendsBound())
                        || w.getSuperBound() != null && mentionsLocalClass(w.getSuperBound());
            }
            case DECLARED: {
                if (((TypeElement) ((DeclaredType) t).asElement()).getNestingKind() == NestingKind.LOCAL) {
                    return true;
                }
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    if (mentionsLocalClass(a)) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return false;
        }
    }
}
