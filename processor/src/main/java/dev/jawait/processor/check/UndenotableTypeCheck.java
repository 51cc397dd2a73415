package dev.jawait.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.jawait.processor.TypeWritability;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;

/**
 * A local that lives across an await becomes a field of the generated state machine, a separate
 * top-level class, so its type must be one that class can write: not an intersection
 * ({@code var x = c ? a : b}), an anonymous class ({@code var o = new Object() {...}}), a private
 * class, or a captured wildcard (a local class is fine: lowering hoists it into the machine). The
 * types come from {@code Trees.getScope(path).getLocalElements()} at each await (exact, {@code var}
 * included). The walk itself is {@link TypeWritability}'s.
 */
final class UndenotableTypeCheck implements MethodCheck {
    @Override
    public void check(MethodFacts method, Reporter reporter) {
        Set<String> reported = new HashSet<>();
        for (AwaitSite site : method.awaits) {
            for (VariableElement local : method.localsAt(site)) {
                String name = local.getSimpleName().toString();
                if (reported.contains(name)) {
                    continue;
                }
                String problem = problem(local.asType());
                if (problem == null) {
                    continue;
                }
                TreePath decl = declaration(method, site, name);
                if (decl != null && method.shortLivedLocals().contains(decl.getLeaf())) {
                    continue; // stays a Java local of one state: its type is never written
                }
                reported.add(name);
                long line = method.line(site.path);
                reporter.error(decl == null ? site.path : decl, "local variable '" + name + "' lives across the"
                        + " await on line " + line + ", but its type " + describe(local.asType()) + " is "
                        + problem + ", which the generated state machine cannot write; " + advice(name, local.asType(), problem));
            }
        }
    }

    /** Why {@code t} cannot be written in the generated class, or null if it can. */
    static String problem(TypeMirror t) {
        return TypeWritability.whyNot(t, CHECK_RULES);
    }

    /**
     * The check's answers: it looks at javac's view of the locals in scope, which may lack a type
     * or hide an anonymous class as an error type, and lowering hoists every local class.
     */
    private static final TypeWritability.Rules CHECK_RULES = new TypeWritability.Rules() {
        @Override
        public String none() {
            return null; // no type to judge; lowering reports it if it must write one
        }

        @Override
        public String nullType() {
            return "the null type";
        }

        @Override
        public String error(TypeMirror t) {
            // any other unresolved type is javac's to report
            return isAnonymous(t) ? "an anonymous class" : null;
        }

        @Override
        public String localClass(TypeElement e, Supplier<String> asMember) {
            // hoisted to a member class of the machine (StateLowering), so judged like one
            return asMember.get();
        }
    };

    /** Whether {@code t} is an anonymous class (getScope may hand these out as error types). */
    static boolean isAnonymous(TypeMirror t) {
        if (t.getKind() == TypeKind.ERROR && t.toString().matches(".*\\$[0-9]+")) {
            return true; // an anonymous class's binary name, e.g. demo.Foo$2
        }
        return (t.getKind() == TypeKind.DECLARED || t.getKind() == TypeKind.ERROR)
                && ((DeclaredType) t).asElement() instanceof TypeElement
                && ((TypeElement) ((DeclaredType) t).asElement()).getNestingKind()
                        == javax.lang.model.element.NestingKind.ANONYMOUS;
    }

    private static String describe(TypeMirror t) {
        if (isAnonymous(t)) {
            String base = suggested(t);
            return "(" + (base == null ? "an anonymous class" : base + " {...}") + ")";
        }
        return "(" + t + ")";
    }

    /**
     * What to change. A private class is private wherever it is written, explicitly or through
     * {@code var}: it must become visible to the package (or the local get a visible supertype).
     * An intersection, an anonymous class or a captured wildcard only ever comes from {@code var}
     * or from a conditional: an explicit type fixes it.
     */
    private static String advice(String name, TypeMirror t, String problem) {
        if (problem.startsWith(TypeWritability.PRIVATE_CLASS)) {
            String cls = problem.substring(TypeWritability.PRIVATE_CLASS.length());
            return "make " + cls + " package-private (the state machine is a separate class of this package),"
                    + " or declare '" + name + "' with a supertype that is not private.";
        }
        return "declare '" + name + "' with an explicit type" + suggestion(t);
    }

    private static String suggestion(TypeMirror t) {
        String s = isAnonymous(t) && suggested(t) == null ? "Object" : suggested(t);
        if (s == null) {
            return ".";
        }
        return ", e.g. '" + s + "'.";
    }

    /** A writable type to offer instead: the first bound, supertype or upper bound. */
    private static String suggested(TypeMirror t) {
        switch (t.getKind()) {
            case INTERSECTION: {
                List<? extends TypeMirror> bounds = ((IntersectionType) t).getBounds();
                return bounds.isEmpty() ? "Object" : bounds.get(bounds.size() - 1).toString();
            }
            case TYPEVAR:
                return ((TypeVariable) t).getUpperBound().toString();
            case DECLARED:
            case ERROR: {
                TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
                if (e.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS
                        && e.getSuperclass().getKind() != TypeKind.NONE) {
                    if (!e.getInterfaces().isEmpty()) {
                        return e.getInterfaces().get(0).toString();
                    }
                    return e.getSuperclass().toString();
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** The declaration of local {@code name} in scope at the await: the last one before it on its path. */
    private static TreePath declaration(MethodFacts method, AwaitSite site, String name) {
        SourcePositions pos = method.trees.getSourcePositions();
        long at = pos.getStartPosition(site.path.getCompilationUnit(), site.path.getLeaf());
        Set<Tree> ancestors = new HashSet<>();
        for (TreePath p = site.path; p != null; p = p.getParentPath()) {
            ancestors.add(p.getLeaf());
        }
        TreePath[] found = new TreePath[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void p) {
                long start = pos.getStartPosition(site.path.getCompilationUnit(), node);
                if (node.getName().contentEquals(name) && start < at
                        && ancestors.contains(getCurrentPath().getParentPath().getLeaf())) {
                    found[0] = getCurrentPath();
                }
                return super.visitVariable(node, p);
            }

            @Override
            public Void visitClass(ClassTree node, Void p) {
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return null;
            }
        }.scan(new TreePath(method.path, method.tree.getBody()), null);
        return found[0];
    }

    /** Locals the check looks at: not parameters (their types are written) nor pattern bindings. */
    static boolean isLocal(VariableElement e) {
        ElementKind k = e.getKind();
        return k == ElementKind.LOCAL_VARIABLE || k == ElementKind.RESOURCE_VARIABLE
                || k == ElementKind.EXCEPTION_PARAMETER && e.asType().getKind() != TypeKind.UNION;
    }
}
