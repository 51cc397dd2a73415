package dev.jawait.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Resolves names as the {@code @Async} method's body sees them, from elements and the source
 * tree alone: locals in scope, members of the enclosing classes, types by simple name, and
 * whether the generated machine (same package, not a nestmate) may access a member.
 */
final class MemberLookup {
    private final AsyncMethod m;
    private final Elements elements;

    MemberLookup(AsyncMethod m, Elements elements) {
        this.m = m;
        this.elements = elements;
    }

    /** The enclosing classes of the method, innermost first (lexical nesting). */
    List<TypeElement> lexicalClasses() {
        List<TypeElement> out = new ArrayList<>();
        for (Element e = m.owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
            out.add((TypeElement) e);
        }
        return out;
    }

    /**
     * Whether a class of the user's top-level class's nest (it or a class nested in it, at any
     * depth) declares a private instance field {@code name}: the machine reaches such a field only
     * through a handle.
     */
    boolean privateInstanceFieldInTheNest(String name) {
        return declaresPrivate((TypeElement) outermost(m.owner), name, ElementKind.FIELD);
    }

    /**
     * Whether the user's top-level class or a class nested in it declares a private method
     * {@code name}: the machine calls such a method only through a handle.
     */
    boolean privateMethodInTheNest(String name) {
        return declaresPrivate((TypeElement) outermost(m.owner), name, ElementKind.METHOD);
    }

    /** The top-level class {@code e} belongs to (or {@code e} itself, if it is one). */
    static Element outermost(Element e) {
        Element top = e;
        for (Element x = e; x != null && x.getKind() != ElementKind.PACKAGE; x = x.getEnclosingElement()) {
            top = x;
        }
        return top;
    }

    /** Whether {@code c} or a class nested in it declares a private member {@code name} of {@code kind}. */
    private static boolean declaresPrivate(TypeElement c, String name, ElementKind kind) {
        for (Element e : c.getEnclosedElements()) {
            if (e.getKind() == kind && e.getSimpleName().contentEquals(name) && e.getModifiers().contains(Modifier.PRIVATE)
                    && !(kind == ElementKind.FIELD && e.getModifiers().contains(Modifier.STATIC))
                    || e instanceof TypeElement && declaresPrivate((TypeElement) e, name, kind)) {
                return true;
            }
        }
        return false;
    }

    VariableElement memberField(TypeElement c, String name) {
        for (Element e : elements.getAllMembers(c)) {
            if ((e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT)
                    && e.getSimpleName().contentEquals(name)) {
                return (VariableElement) e;
            }
        }
        return null;
    }

    List<ExecutableElement> memberMethods(TypeElement c, String name) {
        List<ExecutableElement> out = new ArrayList<>();
        for (Element e : elements.getAllMembers(c)) {
            if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)) {
                out.add((ExecutableElement) e);
            }
        }
        return out;
    }

    /** The superclass of the method's class as its {@code extends} clause names it, or null (an interface). */
    DeclaredType superclass() {
        TypeMirror s = m.owner.getSuperclass();
        return s.getKind() == TypeKind.DECLARED ? (DeclaredType) s : null;
    }

    /** The field that {@code super.name} selects in the method's class (JLS 15.11.2), or null. */
    VariableElement superField(String name) {
        DeclaredType s = superclass();
        return s == null ? null : memberField((TypeElement) s.asElement(), name);
    }

    /** Whether {@code t} is the keyword {@code super} (unqualified). */
    static boolean isSuper(Tree t) {
        return t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("super");
    }

    /** The index of class {@code c} among the method's instances (this, then enclosing ones), or -1. */
    int instanceIndex(TypeElement c) {
        return m.instances.indexOf(c);
    }

    /** Whether the generated class (same package, not a nestmate) may access {@code member}. */
    boolean accessible(Element member) {
        Set<Modifier> mods = member.getModifiers();
        if (mods.contains(Modifier.PRIVATE)) {
            return false;
        }
        if (mods.contains(Modifier.PROTECTED) || !mods.contains(Modifier.PUBLIC)) {
            Element owner = member.getEnclosingElement();
            String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
            if (!pkg.equals(m.packageName)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code p} names a type or a package rather than a value. */
    boolean isTypeOrPackage(TreePath p) {
        Tree t = p.getLeaf();
        if (t instanceof IdentifierTree) {
            Name name = ((IdentifierTree) t).getName();
            if (name.contentEquals("this") || name.contentEquals("super")) {
                return false;
            }
            return localDeclaration(p, name) == null && fieldNamed(name.toString()) == null
                    && CaseLabels.bindingInScope(p, name.toString()) == null && !classBodyDeclares(p, name);
        }
        if (t instanceof MemberSelectTree) {
            MemberSelectTree ms = (MemberSelectTree) t;
            if (!isTypeOrPackage(new TreePath(p, ms.getExpression()))) {
                return false;
            }
            String q = t.toString();
            return elements.getTypeElement(q) != null || elements.getPackageElement(q) != null
                    || Character.isUpperCase(ms.getIdentifier().charAt(0))
                    && typeNamed(ms.getExpression().toString()) != null
                    && memberField(typeNamed(ms.getExpression().toString()), ms.getIdentifier().toString()) == null;
        }
        return false;
    }

    /** Whether a local or anonymous class around {@code p}, inside the method, declares field {@code name}. */
    private boolean classBodyDeclares(TreePath p, Name name) {
        for (TreePath q = p; q != null && q.getLeaf() != m.tree; q = q.getParentPath()) {
            if (q.getLeaf() instanceof ClassTree && memberNamed((ClassTree) q.getLeaf(), name, false) != null) {
                return true;
            }
        }
        return false;
    }

    /** The field ({@code method} false) or method {@code name} that class body {@code c} declares, or null. */
    static Tree memberNamed(ClassTree c, CharSequence name, boolean method) {
        for (Tree member : c.getMembers()) {
            if (method ? member instanceof MethodTree && ((MethodTree) member).getName().contentEquals(name)
                    : member instanceof VariableTree && ((VariableTree) member).getName().contentEquals(name)) {
                return member;
            }
        }
        return null;
    }

    /** The declaration of local {@code name} visible at {@code p}, or null. */
    VariableTree localDeclaration(TreePath p, Name name) {
        Tree child = p.getLeaf();
        for (TreePath q = p.getParentPath(); q != null; child = q.getLeaf(), q = q.getParentPath()) {
            Tree parent = q.getLeaf();
            if (parent instanceof ClassTree) {
                if (memberNamed((ClassTree) parent, name, false) != null) {
                    return null;
                }
                continue;
            }
            List<VariableTree> found = new ArrayList<>();
            AsyncAnalysis.collectVisible(parent, child, found);
            for (VariableTree v : found) {
                if (v.getName().equals(name)) {
                    return v;
                }
            }
            if (parent instanceof InstanceOfTree) {
                continue;
            }
            if (parent == m.tree) {
                break;
            }
        }
        return null;
    }

    VariableElement fieldNamed(String name) {
        for (TypeElement c : lexicalClasses()) {
            VariableElement f = memberField(c, name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** A type named by a simple name as the method's body sees it, or null. */
    TypeElement typeNamed(String name) {
        for (TypeElement c : lexicalClasses()) {
            if (c.getSimpleName().contentEquals(name)) {
                return c;
            }
            for (Element e : elements.getAllMembers(c)) {
                if ((e.getKind().isClass() || e.getKind().isInterface()) && e.getSimpleName().contentEquals(name)) {
                    return (TypeElement) e;
                }
            }
        }
        for (ImportTree imp : m.unit.getImports()) {
            if (imp.isStatic()) {
                continue;
            }
            String q = imp.getQualifiedIdentifier().toString();
            if (q.endsWith("." + name)) {
                TypeElement te = elements.getTypeElement(q);
                if (te != null) {
                    return te;
                }
            }
        }
        TypeElement same = elements.getTypeElement(m.packageName.isEmpty() ? name : m.packageName + "." + name);
        if (same != null) {
            return same;
        }
        for (ImportTree imp : m.unit.getImports()) {
            String q = imp.getQualifiedIdentifier().toString();
            if (!imp.isStatic() && q.endsWith(".*")) {
                TypeElement te = elements.getTypeElement(q.substring(0, q.length() - 1) + name);
                if (te != null) {
                    return te;
                }
            }
        }
        return null;
    }
}
