package dev.jawait.processor;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;

/**
 * The few types the lowering must know exactly, before javac has attributed the method: the
 * type of a simple expression (literals, locals, fields, operators, calls whose overloads all
 * agree), worked out from elements alone, and null whenever it is not certain (never a guess).
 */
final class ExactTypes {
    private final LoweringContext cx;
    private final MemberLookup lookup;
    private final AsyncMethod m;

    ExactTypes(LoweringContext cx, MemberLookup lookup) {
        this.cx = cx;
        this.lookup = lookup;
        this.m = cx.m;
    }

    /** The type of expression {@code p}, from elements only; null when not certain. */
    TypeMirror of(TreePath p) {
        Tree t = p.getLeaf();
        switch (t.getKind()) {
            case PARENTHESIZED:
                return of(new TreePath(p, ((ParenthesizedTree) t).getExpression()));
            case STRING_LITERAL:
                return cx.elements.getTypeElement("java.lang.String").asType();
            case INT_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.INT);
            case LONG_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.LONG);
            case DOUBLE_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.DOUBLE);
            case FLOAT_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.FLOAT);
            case CHAR_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.CHAR);
            case BOOLEAN_LITERAL:
                return cx.types.getPrimitiveType(TypeKind.BOOLEAN);
            case IDENTIFIER: {
                Name name = ((IdentifierTree) t).getName();
                if (name.contentEquals("this")) {
                    return thisType(p);
                }
                VariableTree decl = lookup.localDeclaration(p, name);
                if (decl == null) {
                    decl = CaseLabels.bindingInScope(p, name.toString()); // a case's pattern variable
                }
                if (decl != null && cx.fieldType.containsKey(decl)) {
                    return cx.fieldType.get(decl);
                }
                if (askJavac || decl == null && isPatternVariableName(name)) {
                    // A local that is not a machine field, or perhaps a pattern variable (which the
                    // tree lookup does not see: flow scoping, JLS 6.3.1): javac knows its type at
                    // this point, and whether the name is a local there at all.
                    TypeMirror local = localTypeFromScope(p, name);
                    if (local != null || decl != null) {
                        return local;
                    }
                }
                if (decl != null) {
                    return null;
                }
                if (declaredInClassBody(p, name.toString(), false)) {
                    // A field of a class declared in the method, which hides the user's class's.
                    TypeElement c = classBodyFieldClass(p, name.toString());
                    return c == null || !c.getTypeParameters().isEmpty() ? null : c.asType();
                }
                VariableElement f = lookup.fieldNamed(name.toString());
                return f == null ? null : f.asType();
            }
            case ARRAY_ACCESS: {
                TypeMirror a = of(new TreePath(p, ((ArrayAccessTree) t).getExpression()));
                return a != null && a.getKind() == TypeKind.ARRAY ? ((ArrayType) a).getComponentType() : null;
            }
            case MEMBER_SELECT: {
                MemberSelectTree ms = (MemberSelectTree) t;
                String field = ms.getIdentifier().toString();
                if (ms.getExpression() instanceof IdentifierTree
                        && ((IdentifierTree) ms.getExpression()).getName().contentEquals("this")) {
                    VariableElement f = lookup.memberField(m.owner, field);
                    return f == null ? null : f.asType();
                }
                if (MemberLookup.isSuper(ms.getExpression())) {
                    VariableElement f = lookup.superField(field);
                    return f == null ? null : cx.types.asMemberOf(lookup.superclass(), f);
                }
                TreePath recv = new TreePath(p, ms.getExpression());
                if (lookup.isTypeOrPackage(recv) && !isPatternVariableInScope(recv)) {
                    TypeElement type = typeOf(ms.getExpression());
                    if (field.equals("this")) { // 'C.this': class C, as declared (JLS 15.8.4)
                        return type == null ? null : type.asType();
                    }
                    VariableElement f = type == null ? null : lookup.memberField(type, field);
                    return f == null || !f.getModifiers().contains(Modifier.STATIC) ? null : f.asType();
                }
                TypeMirror rt = of(recv);
                if (rt != null && rt.getKind() == TypeKind.ARRAY && field.equals("length")) {
                    return cx.types.getPrimitiveType(TypeKind.INT);
                }
                if (rt == null || rt.getKind() != TypeKind.DECLARED) {
                    return null;
                }
                VariableElement f = lookup.memberField((TypeElement) ((DeclaredType) rt).asElement(), field);
                if (f == null) {
                    return null;
                }
                try {
                    return cx.types.asMemberOf((DeclaredType) rt, f);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            case PLUS: {
                BinaryTree b = (BinaryTree) t;
                TypeMirror l = of(new TreePath(p, b.getLeftOperand()));
                TypeMirror r = of(new TreePath(p, b.getRightOperand()));
                TypeMirror string = cx.elements.getTypeElement("java.lang.String").asType();
                if (l != null && cx.types.isSameType(l, string) || r != null && cx.types.isSameType(r, string)) {
                    return string;
                }
                // JLS 15.18: without a String operand both must convert to a numeric type. javac
                // has accepted this expression, so an operand that cannot (a StringBuilder, a
                // boolean) means the other one is a String: a concatenation, whatever it is.
                if (notNumeric(l) || notNumeric(r)) {
                    return string;
                }
                return binaryPromotion(l, r);
            }
            case MINUS: case MULTIPLY: case DIVIDE: case REMAINDER: {
                BinaryTree b = (BinaryTree) t;
                return binaryPromotion(of(new TreePath(p, b.getLeftOperand())), of(new TreePath(p, b.getRightOperand())));
            }
            case AND: case OR: case XOR: {
                BinaryTree b = (BinaryTree) t;
                TypeMirror l = unboxed(of(new TreePath(p, b.getLeftOperand())));
                TypeMirror r = unboxed(of(new TreePath(p, b.getRightOperand())));
                if (l != null && r != null && l.getKind() == TypeKind.BOOLEAN && r.getKind() == TypeKind.BOOLEAN) {
                    return l;
                }
                return binaryPromotion(l, r);
            }
            case LEFT_SHIFT: case RIGHT_SHIFT: case UNSIGNED_RIGHT_SHIFT:
                return unaryPromotion(of(new TreePath(p, ((BinaryTree) t).getLeftOperand())));
            case UNARY_MINUS: case UNARY_PLUS: case BITWISE_COMPLEMENT:
                return unaryPromotion(of(new TreePath(p, ((com.sun.source.tree.UnaryTree) t).getExpression())));
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                // JLS 15.14.2, 15.15.1: the type of the variable, box or primitive.
                return of(new TreePath(p, ((com.sun.source.tree.UnaryTree) t).getExpression()));
            case LESS_THAN: case LESS_THAN_EQUAL: case GREATER_THAN: case GREATER_THAN_EQUAL:
            case EQUAL_TO: case NOT_EQUAL_TO: case CONDITIONAL_AND: case CONDITIONAL_OR:
            case LOGICAL_COMPLEMENT: case INSTANCE_OF:
                return cx.types.getPrimitiveType(TypeKind.BOOLEAN);
            case METHOD_INVOCATION: {
                MethodInvocationTree mi = (MethodInvocationTree) t;
                if (m.awaits.contains(mi)) {
                    TreePath awaited = new TreePath(p, mi.getArguments().get(0));
                    TypeMirror ft = of(awaited);
                    if (ft == null) {
                        ft = awaitedGenericCall(awaited);
                    }
                    return ft == null ? null : futureValueType(ft);
                }
                Candidates cs = candidates(p, mi);
                return cs == null ? null : commonReturn(cs.methods, mi.getArguments().size(), cs.receiver);
            }
            case NEW_CLASS: {
                NewClassTree n = (NewClassTree) t;
                if (n.getClassBody() != null) {
                    return null;
                }
                TypeElement type = createdClass(p, n);
                return type == null || !type.getTypeParameters().isEmpty() ? null : type.asType();
            }
            case TYPE_CAST: {
                Tree type = ((TypeCastTree) t).getType();
                if (type instanceof com.sun.source.tree.PrimitiveTypeTree) {
                    return cx.types.getPrimitiveType(((com.sun.source.tree.PrimitiveTypeTree) type).getPrimitiveTypeKind());
                }
                TypeElement te = typeOf(type);
                return te == null || !te.getTypeParameters().isEmpty() ? null : te.asType();
            }
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) t;
                TypeMirror a = of(new TreePath(p, c.getTrueExpression()));
                TypeMirror b = of(new TreePath(p, c.getFalseExpression()));
                // JLS 15.25: with a null operand, the other one's reference type.
                if (c.getTrueExpression().getKind() == Tree.Kind.NULL_LITERAL && isReference(b)) {
                    return b;
                }
                if (c.getFalseExpression().getKind() == Tree.Kind.NULL_LITERAL && isReference(a)) {
                    return a;
                }
                if (a == null || b == null) {
                    return null;
                }
                if (cx.types.isSameType(a, b)) {
                    return a;
                }
                // JLS 15.25: an await (a call of <T> T await(...), whose return type before
                // inference is a type variable) makes it a reference conditional, typed by the
                // boxes of both operands; when they are the same box, that is its type.
                if (isAwait(c.getTrueExpression()) || isAwait(c.getFalseExpression())) {
                    TypeMirror boxA = boxedOrSelf(a);
                    TypeMirror boxB = boxedOrSelf(b);
                    return cx.types.isSameType(boxA, boxB) ? boxA : null;
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** Whether {@code e} (parentheses aside) is an await of the method. */
    private boolean isAwait(ExpressionTree e) {
        while (e instanceof ParenthesizedTree) {
            e = ((ParenthesizedTree) e).getExpression();
        }
        return m.awaits.contains(e);
    }

    /** {@code t}'s box if it is a primitive, else {@code t}. */
    private TypeMirror boxedOrSelf(TypeMirror t) {
        return t.getKind().isPrimitive() ? cx.types.boxedClass((javax.lang.model.type.PrimitiveType) t).asType() : t;
    }

    /** Whether {@code t} is known and a class, interface or array type. */
    static boolean isReference(TypeMirror t) {
        return t != null && (t.getKind() == TypeKind.DECLARED || t.getKind() == TypeKind.ARRAY);
    }

    /**
     * Whether a method ({@code method}) or field named {@code name} at {@code path} may be a
     * member of a local or anonymous class that encloses it inside the method, declared there
     * or inherited; for a method, true when a supertype cannot be resolved (then the name is
     * left as it is).
     */
    boolean declaredInClassBody(TreePath path, String name, boolean method) {
        return classBodyMember(path, name, method) != null;
    }

    /**
     * For a field {@code name} that a class declared in the method gives the code at {@code path}
     * ({@link #declaredInClassBody}): the class its declared type names, or null if not known.
     */
    TypeElement classBodyFieldClass(TreePath path, String name) {
        Object member = classBodyMember(path, name, false);
        if (member instanceof VariableTree) {
            Tree type = ((VariableTree) member).getType();
            return typeOf(type instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) type).getType() : type);
        }
        VariableElement f = member instanceof TypeElement ? lookup.memberField((TypeElement) member, name) : null;
        return f != null && f.asType().getKind() == TypeKind.DECLARED
                ? (TypeElement) ((DeclaredType) f.asType()).asElement() : null;
    }

    /**
     * Where the innermost local or anonymous class around {@code path} that has member
     * {@code name} gets it: its own declaration (a tree), the supertype that declares it, or, for
     * a method, {@link Boolean#TRUE} when a supertype cannot be resolved; null if none has it.
     */
    private Object classBodyMember(TreePath path, String name, boolean method) {
        for (TreePath q = path; q != null && q.getLeaf() != m.tree; q = q.getParentPath()) {
            if (!(q.getLeaf() instanceof ClassTree)) {
                continue;
            }
            ClassTree c = (ClassTree) q.getLeaf();
            Tree declared = MemberLookup.memberNamed(c, name, method);
            if (declared != null) {
                return declared;
            }
            List<Tree> supers = new ArrayList<>(c.getImplementsClause());
            if (c.getExtendsClause() != null) {
                supers.add(c.getExtendsClause());
            }
            if (q.getParentPath().getLeaf() instanceof NewClassTree) {
                supers.add(((NewClassTree) q.getParentPath().getLeaf()).getIdentifier());
            }
            for (Tree sup : supers) {
                Tree raw = sup instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) sup).getType() : sup;
                TypeElement te = typeOf(raw);
                if (te == null) {
                    if (method) {
                        return Boolean.TRUE; // a field is only taken from a supertype known to declare it
                    }
                } else if (method ? !lookup.memberMethods(te, name).isEmpty() : lookup.memberField(te, name) != null) {
                    return te;
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code t} is known and certainly not convertible to a numeric type (JLS 5.1.8): a
     * boolean, an array, or a class or interface type that does not unbox to a number. Type
     * variables and other kinds are not judged.
     */
    private boolean notNumeric(TypeMirror t) {
        if (t == null) {
            return false;
        }
        switch (t.getKind()) {
            case BOOLEAN: case ARRAY:
                return true;
            case DECLARED: {
                TypeMirror u = unboxed(t);
                return u == null || u.getKind() == TypeKind.BOOLEAN;
            }
            default:
                return false;
        }
    }

    /** The primitive type of {@code t} after unboxing, or null when it is not (a box of) a primitive. */
    TypeMirror unboxed(TypeMirror t) {
        if (t == null) {
            return null;
        }
        if (t.getKind().isPrimitive()) {
            return t;
        }
        try {
            return cx.types.unboxedType(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** JLS 5.6: the type of a numeric operator's operand pair, or null when not both numeric. */
    TypeMirror binaryPromotion(TypeMirror a, TypeMirror b) {
        TypeMirror l = unboxed(a);
        TypeMirror r = unboxed(b);
        if (l == null || r == null || l.getKind() == TypeKind.BOOLEAN || r.getKind() == TypeKind.BOOLEAN) {
            return null;
        }
        for (TypeKind k : new TypeKind[] {TypeKind.DOUBLE, TypeKind.FLOAT, TypeKind.LONG}) {
            if (l.getKind() == k || r.getKind() == k) {
                return cx.types.getPrimitiveType(k);
            }
        }
        return cx.types.getPrimitiveType(TypeKind.INT);
    }

    /** JLS 5.6: the type of a unary numeric operator's operand, or null when not numeric. */
    TypeMirror unaryPromotion(TypeMirror a) {
        TypeMirror t = unboxed(a);
        if (t == null || t.getKind() == TypeKind.BOOLEAN) {
            return null;
        }
        switch (t.getKind()) {
            case BYTE: case SHORT: case CHAR:
                return cx.types.getPrimitiveType(TypeKind.INT);
            default:
                return t;
        }
    }

    /**
     * The class that {@code n} creates, or null: the type its name denotes, or for a qualified
     * creation {@code outer.new Inner(...)} the member class of that name of the type of
     * {@code outer} (JLS 15.9.1: it is looked up there, not in the enclosing scope).
     */
    TypeElement createdClass(TreePath p, NewClassTree n) {
        Tree name = n.getIdentifier();
        if (name instanceof com.sun.source.tree.ParameterizedTypeTree) {
            name = ((com.sun.source.tree.ParameterizedTypeTree) name).getType();
        }
        if (n.getEnclosingExpression() == null) {
            return typeOf(name);
        }
        TypeMirror outer = of(new TreePath(p, n.getEnclosingExpression()));
        if (outer == null || outer.getKind() != TypeKind.DECLARED || !(name instanceof IdentifierTree)) {
            return null;
        }
        Name simple = ((IdentifierTree) name).getName();
        for (Element e : cx.elements.getAllMembers((TypeElement) ((DeclaredType) outer).asElement())) {
            if (e.getKind().isClass() && e.getSimpleName().contentEquals(simple)) {
                return (TypeElement) e;
            }
        }
        return null;
    }

    /** The type a simple or qualified type name denotes, or null. */
    TypeElement typeOf(Tree name) {
        if (name instanceof IdentifierTree) {
            return lookup.typeNamed(((IdentifierTree) name).getName().toString());
        }
        if (name instanceof MemberSelectTree) {
            TypeElement te = cx.elements.getTypeElement(name.toString());
            if (te != null) {
                return te;
            }
            TypeElement outer = typeOf(((MemberSelectTree) name).getExpression());
            if (outer != null) {
                for (Element e : outer.getEnclosedElements()) {
                    if (e instanceof TypeElement && e.getSimpleName().contentEquals(((MemberSelectTree) name).getIdentifier())) {
                        return (TypeElement) e;
                    }
                }
            }
        }
        return null;
    }

    /** The methods a call may invoke, by name (before overload resolution), and the receiver's type if any. */
    static final class Candidates {
        final List<ExecutableElement> methods;
        final DeclaredType receiver;

        Candidates(List<ExecutableElement> methods, DeclaredType receiver) {
            this.methods = methods;
            this.receiver = receiver;
        }
    }

    /** The {@link Candidates} of call {@code p}, or null when the processor cannot find them. */
    Candidates candidates(TreePath p, MethodInvocationTree mi) {
        ExpressionTree select = mi.getMethodSelect();
        if (select instanceof IdentifierTree) {
            String name = ((IdentifierTree) select).getName().toString();
            for (TypeElement c : lookup.lexicalClasses()) {
                List<ExecutableElement> ms = lookup.memberMethods(c, name);
                if (!ms.isEmpty()) {
                    return new Candidates(ms, null);
                }
            }
            List<ExecutableElement> imported = staticallyImported(name);
            return imported == null ? null : new Candidates(imported, null);
        }
        MemberSelectTree ms = (MemberSelectTree) select;
        TreePath recv = new TreePath(new TreePath(p, select), ms.getExpression());
        String name = ms.getIdentifier().toString();
        if (lookup.isTypeOrPackage(recv) && !isPatternVariableInScope(recv)) {
            TypeElement type = typeOf(ms.getExpression());
            return type == null ? null : new Candidates(lookup.memberMethods(type, name), null);
        }
        TypeMirror rt = of(recv);
        if (rt == null || rt.getKind() != TypeKind.DECLARED) {
            return null;
        }
        return new Candidates(lookup.memberMethods((TypeElement) ((DeclaredType) rt).asElement(), name), (DeclaredType) rt);
    }

    /** Whether {@link #of} may ask javac for a local's type; see {@link #ofAskingJavac}. */
    private boolean askJavac;

    /** The names of the method's pattern variables, found once. */
    private Set<String> patternVariableNames;

    /**
     * Whether {@code p} names a pattern variable in scope there (which {@code isTypeOrPackage},
     * looking at declarations only, takes for a type): javac's scope at {@code p} says.
     */
    private boolean isPatternVariableInScope(TreePath p) {
        if (!(p.getLeaf() instanceof IdentifierTree)) {
            return false;
        }
        Name name = ((IdentifierTree) p.getLeaf()).getName();
        return isPatternVariableName(name) && localTypeFromScope(p, name) != null;
    }

    /** Whether some pattern of the method declares a variable named {@code name}. */
    private boolean isPatternVariableName(Name name) {
        if (patternVariableNames == null) {
            Set<String> names = new HashSet<>();
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitBindingPattern(BindingPatternTree node, Void unused) {
                    names.add(node.getVariable().getName().toString());
                    return super.visitBindingPattern(node, unused);
                }
            }.scan(m.tree.getBody(), null);
            patternVariableNames = names;
        }
        return patternVariableNames.contains(name.toString());
    }

    /**
     * {@link #of}, where a local that is not a machine field (so that the processor has no element
     * for it) is typed by javac: {@code Trees.getScope} at its use, which attributes the method up
     * to that point. Costly, so only for the few questions that cannot be answered otherwise, such
     * as which class's field {@code list.get(0).secret} reads.
     */
    TypeMirror ofAskingJavac(TreePath p) {
        boolean saved = askJavac;
        askJavac = true;
        try {
            return of(p);
        } finally {
            askJavac = saved;
        }
    }

    /** The type javac gives local {@code name} in scope at {@code p}, or null if none or unknown. */
    private TypeMirror localTypeFromScope(TreePath p, Name name) {
        for (Element e : cx.scopes.localElements(p)) {
            if (e.getSimpleName().contentEquals(name) && e instanceof VariableElement) {
                TypeMirror t = e.asType();
                return t == null || t.getKind() == TypeKind.ERROR || t.getKind() == TypeKind.NONE ? null : t;
            }
        }
        return null;
    }

    /**
     * The type of {@code this} at {@code p}: the method's class (generic as declared), unless
     * {@code p} lies in the body of a class declared inside the method, where it is that class.
     */
    private TypeMirror thisType(TreePath p) {
        for (TreePath q = p; q != null && q.getLeaf() != m.tree; q = q.getParentPath()) {
            if (q.getLeaf() instanceof com.sun.source.tree.ClassTree) {
                return null;
            }
        }
        return m.method.getModifiers().contains(Modifier.STATIC) ? null : m.owner.asType();
    }

    /**
     * The static methods {@code name} brought in by the unit's static imports (a single-static
     * import shadows the on-demand ones, JLS 6.4.1), or null when none or not certain.
     */
    private List<ExecutableElement> staticallyImported(String name) {
        for (boolean onDemand : new boolean[] {false, true}) {
            List<ExecutableElement> found = new ArrayList<>();
            for (ImportTree imp : m.unit.getImports()) {
                if (!imp.isStatic() || !(imp.getQualifiedIdentifier() instanceof MemberSelectTree)) {
                    continue;
                }
                MemberSelectTree q = (MemberSelectTree) imp.getQualifiedIdentifier();
                String member = q.getIdentifier().toString();
                if (onDemand ? !member.equals("*") : !member.equals(name)) {
                    continue;
                }
                TypeElement owner = cx.elements.getTypeElement(q.getExpression().toString());
                if (owner == null) {
                    return null;
                }
                for (ExecutableElement x : lookup.memberMethods(owner, name)) {
                    if (x.getModifiers().contains(Modifier.STATIC)) {
                        found.add(x);
                    }
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return null;
    }

    /**
     * The return type shared by every candidate of a call with {@code arity} arguments, when they
     * all agree and it mentions no type variable of the methods; otherwise null (never a guess).
     */
    private TypeMirror commonReturn(List<ExecutableElement> candidates, int arity, DeclaredType receiver) {
        TypeMirror found = null;
        for (ExecutableElement x : candidates) {
            int n = x.getParameters().size();
            if (!(n == arity || x.isVarArgs() && arity >= n - 1)) {
                continue;
            }
            if (!x.getTypeParameters().isEmpty()) {
                return null;
            }
            TypeMirror r = x.getReturnType();
            if (receiver != null) {
                try {
                    r = ((javax.lang.model.type.ExecutableType) cx.types.asMemberOf(receiver, x)).getReturnType();
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            if (mentionsTypeVariable(r) && receiver == null && !x.getModifiers().contains(Modifier.STATIC)
                    && !m.instances.contains((TypeElement) x.getEnclosingElement())) {
                return null;
            }
            if (found == null) {
                found = r;
            } else if (!cx.types.isSameType(found, r)) {
                return null;
            }
        }
        return found;
    }

    /**
     * The type of {@code p}, the future an {@code await} waits for, when it is a call to a generic
     * method in the one shape whose inference the processor can redo exactly, as in
     * {@code await(Future.ready("abc"))} or {@code await(v("tag", 5))}: a method with a single type
     * parameter {@code T} bounded by {@code Object} alone, the only candidate of the call's arity
     * (no varargs), {@code T} the whole type of exactly one parameter and absent from the others
     * and from the return type's other parts, and no explicit type arguments. The argument at
     * {@code T}'s position is then {@code T}'s only lower bound, and the await's parameter
     * ({@code Future<U>} or {@code CompletionStage<U>}) meets the return type with equality, so
     * javac resolves {@code T} to that argument's type, boxed (JLS 18.5.2, 18.4): whatever the
     * await's own context, which only bounds {@code U} from above. The argument must not be a
     * conditional (whose type may come from the context) and its type must be known and free of
     * type variables and wildcards; it may be another await, whose type argument javac infers from
     * its future alone ({@code Future<U>} is invariant in {@code U}), so that its type is its
     * future's value type in any context. Null for anything else (never a guess).
     */
    private TypeMirror awaitedGenericCall(TreePath p) {
        Tree leaf = p.getLeaf();
        while (leaf.getKind() == Tree.Kind.PARENTHESIZED) {
            p = new TreePath(p, ((ParenthesizedTree) leaf).getExpression());
            leaf = p.getLeaf();
        }
        if (leaf.getKind() != Tree.Kind.METHOD_INVOCATION || m.awaits.contains(leaf)) {
            return null;
        }
        MethodInvocationTree call = (MethodInvocationTree) leaf;
        if (!call.getTypeArguments().isEmpty()) {
            return null;
        }
        Candidates cs = candidates(p, call);
        if (cs == null) {
            return null;
        }
        int arity = call.getArguments().size();
        ExecutableElement method = null;
        for (ExecutableElement x : cs.methods) {
            int n = x.getParameters().size();
            if (n == arity || x.isVarArgs() && arity >= n - 1) {
                if (method != null || x.isVarArgs()) {
                    return null; // overloads of this arity: resolution is javac's
                }
                method = x;
            }
        }
        if (method == null || method.getTypeParameters().size() != 1) {
            return null;
        }
        javax.lang.model.element.TypeParameterElement tp = method.getTypeParameters().get(0);
        List<? extends TypeMirror> bounds = tp.getBounds();
        if (bounds.size() != 1 || !cx.types.isSameType(bounds.get(0), cx.elements.getTypeElement("java.lang.Object").asType())) {
            return null;
        }
        TypeMirror typeVar = tp.asType();
        int position = -1;
        for (int i = 0; i < arity; i++) {
            TypeMirror param = method.getParameters().get(i).asType();
            if (cx.types.isSameType(param, typeVar)) {
                if (position >= 0) {
                    return null;
                }
                position = i;
            } else if (mentionsTypeVariable(param)) {
                return null;
            }
        }
        if (position < 0) {
            return null;
        }
        TreePath argPath = new TreePath(p, call.getArguments().get(position));
        Tree arg = argPath.getLeaf();
        while (arg.getKind() == Tree.Kind.PARENTHESIZED) {
            arg = ((ParenthesizedTree) arg).getExpression();
        }
        if (arg.getKind() == Tree.Kind.CONDITIONAL_EXPRESSION) {
            return null;
        }
        TypeMirror argType = of(argPath);
        if (argType == null || mentionsTypeVariable(argType) || mentionsWildcard(argType)) {
            return null;
        }
        if (argType.getKind().isPrimitive()) {
            argType = cx.types.boxedClass((javax.lang.model.type.PrimitiveType) argType).asType();
        } else if (argType.getKind() != TypeKind.DECLARED && argType.getKind() != TypeKind.ARRAY) {
            return null;
        }
        return substitute(method.getReturnType(), typeVar, argType);
    }

    /**
     * The type of {@code p}, a call to a generic method that stands alone, as the initializer of a
     * {@code var} local does (no target type: JLS 14.4.1), in the one shape
     * {@link #awaitedGenericCall} redoes; null otherwise. With no target, the argument's type is
     * again {@code T}'s only bound.
     */
    TypeMirror standaloneGenericCall(TreePath p) {
        return awaitedGenericCall(p);
    }

    /** {@code t} with type variable {@code v} replaced by {@code with}; null if it mentions another variable or a wildcard. */
    private TypeMirror substitute(TypeMirror t, TypeMirror v, TypeMirror with) {
        switch (t.getKind()) {
            case TYPEVAR:
                return cx.types.isSameType(t, v) ? with : null;
            case ARRAY: {
                TypeMirror c = substitute(((ArrayType) t).getComponentType(), v, with);
                return c == null ? null : cx.types.getArrayType(c);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                if (d.getTypeArguments().isEmpty()) {
                    return t;
                }
                if (d.getEnclosingType().getKind() == TypeKind.DECLARED
                        && !((DeclaredType) d.getEnclosingType()).getTypeArguments().isEmpty()) {
                    return null; // an inner class of a generic class: not worth the care
                }
                List<TypeMirror> args = new ArrayList<>();
                for (TypeMirror a : d.getTypeArguments()) {
                    TypeMirror r = a.getKind() == TypeKind.WILDCARD ? null : substitute(a, v, with);
                    if (r == null) {
                        return null;
                    }
                    args.add(r);
                }
                return cx.types.getDeclaredType((TypeElement) d.asElement(), args.toArray(new TypeMirror[0]));
            }
            default:
                return t.getKind().isPrimitive() || t.getKind() == TypeKind.VOID ? t : null;
        }
    }

    static boolean mentionsTypeVariable(TypeMirror t) {
        return mentions(t, TypeKind.TYPEVAR);
    }

    private static boolean mentionsWildcard(TypeMirror t) {
        return mentions(t, TypeKind.WILDCARD);
    }

    /** Whether {@code t}, its component type, type arguments or wildcard bounds are of kind {@code k}. */
    private static boolean mentions(TypeMirror t, TypeKind k) {
        if (t.getKind() == k) {
            return true;
        }
        switch (t.getKind()) {
            case ARRAY:
                return mentions(((ArrayType) t).getComponentType(), k);
            case DECLARED:
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    if (mentions(a, k)) {
                        return true;
                    }
                }
                return false;
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                return w.getExtendsBound() != null && mentions(w.getExtendsBound(), k)
                        || w.getSuperBound() != null && mentions(w.getSuperBound(), k);
            }
            default:
                return false;
        }
    }

    /** The {@code T} of a type that is a {@code dev.jawait.Future<T>} or {@code CompletionStage<T>}. */
    TypeMirror futureValueType(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) {
            return null;
        }
        DeclaredType dt = (DeclaredType) t;
        String name = ((TypeElement) dt.asElement()).getQualifiedName().toString();
        if ((name.equals(AsyncAnalysis.FUTURE) || name.equals("java.util.concurrent.CompletionStage"))
                && dt.getTypeArguments().size() == 1) {
            TypeMirror a = dt.getTypeArguments().get(0);
            if (a.getKind() == TypeKind.WILDCARD) {
                return ((javax.lang.model.type.WildcardType) a).getExtendsBound();
            }
            return a;
        }
        for (TypeMirror s : cx.types.directSupertypes(t)) {
            TypeMirror r = futureValueType(s);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** The least upper bound's class part of a multi-catch type. */
    TypeMirror lub(UnionType u) {
        TypeMirror candidate = u.getAlternatives().get(0);
        while (true) {
            boolean all = true;
            for (TypeMirror alt : u.getAlternatives()) {
                all &= cx.types.isAssignable(alt, candidate);
            }
            if (all) {
                return candidate;
            }
            List<? extends TypeMirror> supers = cx.types.directSupertypes(candidate);
            candidate = supers.isEmpty() ? cx.elements.getTypeElement("java.lang.Throwable").asType() : supers.get(0);
        }
    }

    /** The erased types a catch clause catches: the alternatives of a multi-catch. */
    List<TypeName> catchTypes(CatchTree c) {
        TypeMirror t = catchParamTypeRaw(c.getParameter());
        List<TypeName> out = new ArrayList<>();
        if (t.getKind() == TypeKind.UNION) {
            for (TypeMirror alt : ((UnionType) t).getAlternatives()) {
                out.add(TypeName.get(cx.types.erasure(alt)));
            }
        } else {
            out.add(TypeName.get(cx.types.erasure(t)));
        }
        return out;
    }

    private TypeMirror catchParamTypeRaw(VariableTree param) {
        VariableElement e = m.catchParams.get(param);
        if (e == null) {
            e = m.hoisted.get(param);
        }
        if (e == null) {
            throw cx.fail(param, "jawait: cannot determine the type of this catch parameter");
        }
        return e.asType();
    }

    /** The type of a catch parameter as a field or local can hold it (a multi-catch: the {@link #lub}). */
    TypeMirror catchParamType(VariableTree param) {
        TypeMirror t = catchParamTypeRaw(param);
        return t.getKind() == TypeKind.UNION ? lub((UnionType) t) : t;
    }

    /** Whether {@code t} is {@code String} or a box: a concatenation operand that converts itself (no user code). */
    boolean isStringOrBox(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) {
            return false;
        }
        String n = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
        return n.equals("java.lang.String") || n.equals("java.lang.Integer") || n.equals("java.lang.Long")
                || n.equals("java.lang.Short") || n.equals("java.lang.Byte") || n.equals("java.lang.Character")
                || n.equals("java.lang.Boolean") || n.equals("java.lang.Double") || n.equals("java.lang.Float");
    }
}
