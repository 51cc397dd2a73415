package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Prints code copied from the {@code @Async} method into the machine, with names rewritten for
 * the machine class: hoisted locals become machine fields (frozen into snapshots where a lambda
 * or class body captures them), members the machine cannot access go through
 * {@link MemberHandles}, local classes whose uses span awaits print as member classes, and
 * {@code return}/{@code break}/{@code continue}/{@code yield} leave through {@link StateBuilder}'s
 * jumps.
 */
final class BodyPrinter extends JavaPrinter {
    private static final ClassName POLL = ClassName.get("dev.jawait", "Poll");

    private final LoweringContext cx;
    private final MemberLookup lookup;
    private final ExactTypes exact;
    private final MemberHandles handles;
    private final StateBuilder states;
    private final AsyncMethod m;
    private boolean witnessMode;
    private List<CodeBlock> prelude;
    private Map<String, String> snapshots;
    /** The local class being printed as a member class of the machine, or null. */
    private ClassTree hoisting;
    /** Its captures: machine field → the member class's own final field holding its value. */
    private final Map<String, String> captures = new LinkedHashMap<>();
    private final Map<String, TypeName> captureTypes = new HashMap<>();
    /**
     * While the head of a case of a pattern switch's dispatch is printed: the locals its pattern
     * declares for the pattern variables that live in machine fields (fresh names, filled in as
     * the pattern is printed; the guard reads them), else null.
     */
    private Map<VariableTree, String> dispatchLocals;

    BodyPrinter(LoweringContext cx, MemberLookup lookup, ExactTypes exact, MemberHandles handles, StateBuilder states) {
        super(cx.m.unit, cx.positions);
        this.cx = cx;
        this.lookup = lookup;
        this.exact = exact;
        this.handles = handles;
        this.states = states;
        this.m = cx.m;
    }

    Expr printStatement(TreePath p) {
        return printWith(p);
    }

    Expr printExpression(TreePath p) {
        return printWith(p);
    }

    private Expr printWith(TreePath p) {
        List<CodeBlock> savedPrelude = prelude;
        Map<String, String> savedSnapshots = snapshots;
        prelude = new ArrayList<>();
        snapshots = new HashMap<>();
        try {
            CodeBlock code = print(p);
            return new Expr(code, prelude);
        } finally {
            prelude = savedPrelude;
            snapshots = savedSnapshots;
        }
    }

    /**
     * Prints the labels and guard of case {@code casePath} for the dispatch of an exploded
     * pattern switch. Each pattern variable kept in a machine field is declared as a fresh local
     * there, which the guard reads; {@code locals} receives the pattern variable → local pairs,
     * for the dispatch to copy into the fields.
     */
    Expr printCaseHead(TreePath casePath, Map<VariableTree, String> locals) {
        Map<VariableTree, String> saved = dispatchLocals;
        List<CodeBlock> savedPrelude = prelude;
        Map<String, String> savedSnapshots = snapshots;
        dispatchLocals = locals;
        prelude = new ArrayList<>();
        snapshots = new HashMap<>();
        CodeBlock.Builder savedOut = out;
        out = CodeBlock.builder();
        try {
            caseHead(casePath, (CaseTree) casePath.getLeaf());
            return new Expr(out.build(), prelude);
        } finally {
            out = savedOut;
            dispatchLocals = saved;
            prelude = savedPrelude;
            snapshots = savedSnapshots;
        }
    }

    /** Prints {@code p} for a type witness: never evaluated, so no snapshots are needed. */
    CodeBlock witness(TreePath p) {
        return witness(p, Map.of());
    }

    /** {@link #witness(TreePath)} with {@code placeholders} printed for some of its trees. */
    CodeBlock witness(TreePath p, Map<Tree, CodeBlock> placeholders) {
        boolean saved = witnessMode;
        witnessMode = true;
        Map<Tree, CodeBlock> savedOverrides = new IdentityHashMap<>(overrides);
        overrides.clear();
        overrides.putAll(placeholders);
        try {
            return print(p);
        } finally {
            witnessMode = saved;
            overrides.putAll(savedOverrides);
        }
    }

    /** Whether a local class named {@code name} declared in the method is in scope at {@code path}. */
    private boolean localClassVisible(TreePath path, String name) {
        Tree child = path.getLeaf();
        for (TreePath q = path.getParentPath(); q != null; child = q.getLeaf(), q = q.getParentPath()) {
            Tree parent = q.getLeaf();
            List<? extends StatementTree> before = parent instanceof BlockTree ? ((BlockTree) parent).getStatements()
                    : parent instanceof CaseTree ? ((CaseTree) parent).getStatements() : null;
            if (parent instanceof ClassTree && ((ClassTree) parent).getSimpleName().contentEquals(name)) {
                return true; // its own name inside its body
            }
            if (before != null) {
                for (StatementTree st : before) {
                    if (st == child) {
                        break;
                    }
                    if (st instanceof ClassTree && ((ClassTree) st).getSimpleName().contentEquals(name)) {
                        return true;
                    }
                }
            }
            if (parent == m.tree) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code inner} lies within {@code outer}'s source range. */
    private boolean encloses(Tree outer, Tree inner) {
        long start = cx.positions.getStartPosition(m.unit, outer);
        long end = cx.positions.getEndPosition(m.unit, outer);
        long at = cx.positions.getStartPosition(m.unit, inner);
        return start <= at && at < end;
    }

    /**
     * Prints local class {@code p} as a member class of the machine. Its captured machine
     * fields (hoisted locals, parameters, the user's instance) become final fields of its own,
     * initialised when an instance is created: they are effectively final in the source, so
     * that is the value javac would have captured for it. The first pass finds the captures,
     * the second declares them at the top of the class body.
     */
    CodeBlock hoistedClass(TreePath p) {
        ClassTree saved = hoisting;
        hoisting = (ClassTree) p.getLeaf();
        captures.clear();
        captureTypes.clear();
        try {
            printWith(p);
            return printWith(p).code;
        } finally {
            hoisting = saved;
        }
    }

    @Override
    protected void classBodyStart(TreePath p, ClassTree c) {
        if (c != hoisting) {
            return;
        }
        for (Map.Entry<String, String> cap : captures.entrySet()) {
            emit(CodeBlock.of("private final $T $L = $L.$L;\n", captureTypes.get(cap.getKey()), cap.getValue(),
                    cx.machineThis, cap.getKey()));
        }
    }

    /** Inside a hoisted local class: the name of its copy of machine field {@code field}. */
    private String capture(String field, TypeName type) {
        captureTypes.put(field, type);
        return captures.computeIfAbsent(field, f -> f + "$cap");
    }

    /** Code for machine field {@code field} of type {@code type} as seen from the current position. */
    private void fieldRef(String field, TypeName type) {
        if (hoisting != null && !witnessMode) {
            emit(capture(field, type));
        } else if (lambdaDepth == 0 && classDepth == 0) {
            emit("this." + field);
        } else if (witnessMode) {
            emit((classDepth > 0 ? cx.machineThis : "this") + "." + field);
        } else {
            // A capture: freeze the current value, as Java's capture of an effectively final local.
            String snap = snapshots.get(field);
            if (snap == null) {
                snap = field + "$" + cx.snapshotCount++;
                snapshots.put(field, snap);
                prelude.add(CodeBlock.of("final $T $L = this.$L;\n", type, snap, field));
            }
            emit(snap);
        }
    }

    private void instanceRef(int index) {
        TypeElement c = m.instances.get(index);
        fieldRef(MachineFields.instanceField(index), TypeName.get(c.asType()));
    }

    @Override
    protected void identifier(TreePath path, IdentifierTree t) {
        Name name = t.getName();
        String n = name.toString();
        if (n.equals("this")) {
            if (classDepth > 0) {
                emit("this");
            } else {
                instanceRef(0);
            }
            return;
        }
        if (isTypePosition(path)) {
            if (localClassVisible(path, n)) {
                emit(n); // shadows any type of that name: in place, or the machine's member class
                return;
            }
            typeName(t, n);
            return;
        }
        VariableTree decl = lookup.localDeclaration(path, name);
        if (decl == null && m.bindings.containsKey(n)) {
            decl = CaseLabels.bindingInScope(path, n);
            if (decl != null && dispatchLocals != null && dispatchLocals.containsKey(decl)) {
                emit(dispatchLocals.get(decl)); // a guard, in the dispatch: the pattern's own local
                return;
            }
        }
        if (decl == null && m.bindings.containsKey(n) && isBindingUse(path, n)) {
            if (lookup.fieldNamed(n) != null) {
                throw new Unsupported(t, "jawait: the pattern variable '" + n + "' has the name of a field;"
                        + " rename it so that the generated machine can tell them apart");
            }
            decl = m.bindings.get(n).size() == 1 ? m.bindings.get(n).get(0) : null;
            if (decl == null || !cx.fieldOf.containsKey(decl)) {
                emit(n);
                return;
            }
        }
        if (decl != null) {
            String field = cx.fieldOf.get(decl);
            if (field == null) {
                if (hoisting != null && !encloses(hoisting, decl)) {
                    throw new Unsupported(t, "jawait: internal error: the hoisted local class " + hoisting.getSimpleName()
                            + " captures '" + n + "', which is not kept in the machine");
                }
                emit(n);
            } else {
                TypeMirror ft = cx.fieldType.get(decl);
                fieldRef(field, LocalClasses.typeName(ft));
            }
            return;
        }
        if (classDepth > 0 && exact.declaredInClassBody(path, n, false)) {
            emit(n); // a field of the local or anonymous class, or of its supertypes
            return;
        }
        for (TypeElement c : lookup.lexicalClasses()) {
            VariableElement f = lookup.memberField(c, n);
            if (f != null) {
                memberFieldRef(t, c, f);
                return;
            }
        }
        if (localClassVisible(path, n)) {
            emit(n);
            return;
        }
        typeName(t, n);
    }

    private void memberFieldRef(Tree at, TypeElement c, VariableElement f) {
        if (!lookup.accessible(f)) {
            // Not reachable from another class: read it through a VarHandle (DESIGN §3.5).
            emit(handleGet(f, f.getModifiers().contains(Modifier.STATIC) ? null : instanceFor(at, c)));
            return;
        }
        if (f.getModifiers().contains(Modifier.STATIC)) {
            emit(CodeBlock.of("$T.$L", ClassName.get(c), f.getSimpleName()));
        } else {
            int k = lookup.instanceIndex(c);
            if (k < 0) {
                throw cx.fail(at, "jawait: cannot reach the instance that owns '" + f.getSimpleName() + "'");
            }
            instanceRef(k);
            emit("." + f.getSimpleName());
        }
    }

    private void typeName(Tree at, String n) {
        TypeElement te = lookup.typeNamed(n);
        if (te == null) {
            emit(n);
        } else if (te.getModifiers().contains(Modifier.PRIVATE)
                || (te.getNestingKind() == NestingKind.MEMBER && !lookup.accessible(te))) {
            // The machine is a separate class, not a nestmate: it cannot name this type.
            throw new Unsupported(at, "jawait: the state machine generated for this @Async method is a separate"
                    + " class and cannot name the " + (te.getModifiers().contains(Modifier.PRIVATE) ? "private" : "inaccessible")
                    + " type '" + n + "'; make it package-private");
        } else {
            emit(CodeBlock.of("$T", ClassName.get(te)));
        }
    }

    @Override
    protected void resourceDeclared() {
        // A resource the body does not name draws javac's "try" lint here as in the source, where
        // the user sees (or suppressed) it already.
        cx.ir.suppressWarnings.add("try");
    }

    @Override
    protected boolean resourceReference(TreePath path) {
        Tree r = path.getLeaf();
        if (r instanceof IdentifierTree) {
            VariableTree decl = lookup.localDeclaration(path, ((IdentifierTree) r).getName());
            if (decl != null && cx.fieldOf.get(decl) == null) {
                return false; // still a local of the printed code: an effectively final variable
            }
        }
        TypeMirror type = exact.of(path);
        if (type == null) {
            if (r instanceof IdentifierTree) {
                throw new Unsupported(r, "jawait: the type of this resource cannot be determined here;"
                        + " declare it in the try statement instead");
            }
            return false;
        }
        // 'try (final T fresh = <the value now>)' closes the same object exactly once.
        // Unreferenced in the body, like the original: javac's "try" lint must stay quiet.
        cx.ir.suppressWarnings.add("try");
        emit(CodeBlock.of("final $T $L$$$L = ", TypeName.get(type), r instanceof IdentifierTree
                ? ((IdentifierTree) r).getName() : "resource", cx.snapshotCount++));
        child(path.getParentPath(), r);
        return true;
    }

    @Override
    protected boolean implicitOuterInstance(TreePath path, NewClassTree n) {
        Tree id = n.getIdentifier();
        Tree base = id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id;
        if (!(base instanceof IdentifierTree) || classDepth > 0 || n.getClassBody() != null) {
            return false;
        }
        TypeElement te = lookup.typeNamed(((IdentifierTree) base).getName().toString());
        if (te == null || te.getNestingKind() != NestingKind.MEMBER || te.getKind() != ElementKind.CLASS
                || te.getModifiers().contains(Modifier.STATIC) || te.getModifiers().contains(Modifier.PRIVATE)) {
            return false;
        }
        TypeMirror owner = cx.types.erasure(te.getEnclosingElement().asType());
        for (int k = 0; k < m.instances.size(); k++) {
            if (cx.types.isSubtype(cx.types.erasure(m.instances.get(k).asType()), owner)) {
                // 'outer.new Inner()': the class name after '.new' is the simple name.
                instanceRef(k);
                emit(".new ");
                if (id instanceof ParameterizedTypeTree) {
                    emit(te.getSimpleName() + "<");
                    List<? extends Tree> args = ((ParameterizedTypeTree) id).getTypeArguments();
                    TreePath idPath = new TreePath(path, id);
                    for (int i = 0; i < args.size(); i++) {
                        if (i > 0) {
                            emit(", ");
                        }
                        child(idPath, args.get(i));
                    }
                    emit(">");
                } else {
                    emit(te.getSimpleName().toString());
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} at {@code path} can be a pattern variable: a binding of that name
     * occurs in the statement that contains {@code path} or earlier in an enclosing block.
     */
    private boolean isBindingUse(TreePath path, String name) {
        for (TreePath q = path; q != null && q.getLeaf() != m.tree; q = q.getParentPath()) {
            if (q.getParentPath() != null && q.getParentPath().getLeaf() instanceof BlockTree) {
                for (StatementTree st : ((BlockTree) q.getParentPath().getLeaf()).getStatements()) {
                    if (declaresBinding(st, name)) {
                        return true;
                    }
                    if (st == q.getLeaf()) {
                        break;
                    }
                }
            }
        }
        return false;
    }

    private boolean declaresBinding(Tree t, String name) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void unused) {
                found[0] |= node.getVariable().getName().contentEquals(name);
                return null;
            }
        }.scan(t, null);
        return found[0];
    }

    @Override
    protected void bindingPattern(TreePath path, VariableTree v) {
        String field = cx.fieldOf.get(v);
        if (field == null) {
            super.bindingPattern(path, v);
            return;
        }
        if (dispatchLocals == null && !witnessMode) {
            throw new Unsupported(v, "jawait: the pattern variable '" + v.getName() + "' lives across an await,"
                    + " but only an instanceof or a case label can keep it there;"
                    + " assign it to a local");
        }
        // Kept in a field, which the code after the match reads: the pattern declares a fresh
        // local (the dispatch of a pattern switch copies it; a witness never runs).
        String fresh = v.getName() + "$" + cx.snapshotCount++;
        if (dispatchLocals != null) {
            dispatchLocals.put(v, fresh);
        }
        modifiers(path, v.getModifiers());
        if (TypeWritability.writesItsType(v, cx.positions, m.unit)) {
            child(path, v.getType());
        } else {
            emit("var");
        }
        emit(" " + fresh);
    }

    @Override
    protected boolean instanceOfPattern(TreePath path, InstanceOfTree io, Tree pattern) {
        if (!(pattern instanceof BindingPatternTree)) {
            return recordInstanceOf(path, io, pattern);
        }
        VariableTree v = ((BindingPatternTree) pattern).getVariable();
        String field = cx.fieldOf.get(v);
        if (field == null) {
            return false;
        }
        // The pattern variable lives in a field: bind a fresh local and copy it (never null here).
        String fresh = v.getName() + "$" + cx.snapshotCount++;
        emit("(");
        child(path, io.getExpression());
        emit(" instanceof ");
        child(new TreePath(new TreePath(path, pattern), v), v.getType());
        emit(" " + fresh + " && (");
        fieldRef(field, LocalClasses.typeName(cx.fieldType.get(v)));
        emit(" = " + fresh + ") != null)");
        return true;
    }

    /**
     * {@code e instanceof R(...)}, a record pattern (JDK 21+) some of whose variables live in
     * fields: the pattern binds them to fresh locals, which a match then copies into the fields.
     * A component may match null, so the copies sit in a {@code switch} expression that yields
     * {@code true} (Java's only expression that runs statements) rather than in a null test.
     */
    private boolean recordInstanceOf(TreePath path, InstanceOfTree io, Tree pattern) {
        if (CaseLabels.patternBindings(pattern).stream().noneMatch(cx.fieldOf::containsKey)) {
            return false;
        }
        Map<VariableTree, String> locals = new LinkedHashMap<>();
        Map<VariableTree, String> saved = dispatchLocals;
        emit("(");
        child(path, io.getExpression());
        emit(" instanceof ");
        dispatchLocals = locals;
        try {
            child(path, pattern);
        } finally {
            dispatchLocals = saved;
        }
        emit(" && switch (0) { default -> { ");
        for (Map.Entry<VariableTree, String> e : locals.entrySet()) {
            fieldRef(cx.fieldOf.get(e.getKey()), LocalClasses.typeName(cx.fieldType.get(e.getKey())));
            emit(" = " + e.getValue() + "; ");
        }
        emit("yield true; } })");
        return true;
    }

    private boolean isTypePosition(TreePath path) {
        Tree leaf = path.getLeaf();
        Tree parent = path.getParentPath().getLeaf();
        switch (parent.getKind()) {
            case VARIABLE:
                return ((VariableTree) parent).getType() == leaf;
            case TYPE_CAST:
                return ((TypeCastTree) parent).getType() == leaf;
            case NEW_CLASS:
                return ((NewClassTree) parent).getIdentifier() == leaf;
            case NEW_ARRAY:
                return ((NewArrayTree) parent).getType() == leaf;
            case INSTANCE_OF:
                return ((InstanceOfTree) parent).getType() == leaf;
            case PARAMETERIZED_TYPE: case ARRAY_TYPE: case UNION_TYPE: case INTERSECTION_TYPE:
            case EXTENDS_WILDCARD: case SUPER_WILDCARD: case TYPE_PARAMETER: case ANNOTATION:
            case TYPE_ANNOTATION: case ANNOTATED_TYPE:
                return true;
            case METHOD:
                return ((MethodTree) parent).getReturnType() == leaf || ((MethodTree) parent).getThrows().contains(leaf);
            case CLASS:
                return true;
            case MEMBER_SELECT:
                return ((MemberSelectTree) parent).getIdentifier().contentEquals("class")
                        || ((MemberSelectTree) parent).getIdentifier().contentEquals("this");
            case MEMBER_REFERENCE:
                return lookup.localDeclaration(path, ((IdentifierTree) leaf).getName()) == null
                        && lookup.fieldNamed(((IdentifierTree) leaf).getName().toString()) == null;
            default:
                // the record type of a record pattern (JDK 21+)
                return parent.getKind().name().equals("DECONSTRUCTION_PATTERN") && CaseLabels.deconstructor(parent) == leaf;
        }
    }

    @Override
    protected boolean memberSelect(TreePath path, MemberSelectTree t) {
        ExpressionTree e = t.getExpression();
        String id = t.getIdentifier().toString();
        if (id.equals("this")) {
            // Outer.this
            TypeElement c = lookup.typeNamed(e.toString().substring(e.toString().lastIndexOf('.') + 1));
            int k = c == null ? -1 : lookup.instanceIndex(c);
            if (k < 0) {
                throw cx.fail(t, "jawait: cannot reach " + t + " from the generated state machine");
            }
            instanceRef(k);
            return true;
        }
        if (e instanceof IdentifierTree && ((IdentifierTree) e).getName().contentEquals("this") && classDepth == 0) {
            VariableElement f = lookup.memberField(m.owner, id);
            if (f != null) {
                memberFieldRef(t, m.owner, f);
                return true;
            }
            instanceRef(0);
            emit("." + id);
            return true;
        }
        VariableElement outerField = outerThisField(t);
        if (outerField != null) {
            memberFieldRef(t, exact.typeOf(((MemberSelectTree) unparen(e)).getExpression()), outerField);
            return true;
        }
        VariableElement hidden = fieldOfValue(path);
        if (hidden != null) {
            // 'e.f', a field of another object that the machine cannot access, or 'Type.f', a
            // static one: through its handle.
            emit(handleGet(hidden, hidden.getModifiers().contains(Modifier.STATIC) ? null : print(new TreePath(path, e))));
            return true;
        }
        if (MemberLookup.isSuper(e)) {
            if (classDepth > 0) {
                return false;
            }
            VariableElement f = lookup.superField(id);
            if (f == null) {
                throw cx.fail(t, "jawait: internal error: no field '" + id + "' in the superclass");
            }
            superFieldRef(t, f);
            return true;
        }
        return false;
    }

    /**
     * {@code super.f}, the superclass's field {@code f} even where the class hides it: a field is
     * selected by the static type of the qualifier (JLS 15.11.2), so through the instance cast to
     * the superclass, or a handle on the field when the machine cannot access it.
     */
    private void superFieldRef(Tree at, VariableElement f) {
        DeclaredType sup = lookup.superclass();
        if (f.getModifiers().contains(Modifier.STATIC)) {
            memberFieldRef(at, (TypeElement) sup.asElement(), f);
        } else if (!lookup.accessible(f)) {
            memberFieldRef(at, m.owner, f);
        } else {
            cx.ir.suppressWarnings.add("cast"); // an upcast javac calls redundant: it is what selects the field
            emit(CodeBlock.of("(($T) ", TypeName.get(sup)));
            instanceRef(0);
            emit(")." + f.getSimpleName());
        }
    }

    /**
     * {@code assert} as javac expands it (JLS 14.10), enabled by the user's class's assertion
     * status ({@link LoweringContext#assertionsFlag}): in the machine, a plain {@code assert}
     * would follow the machine's own status.
     */
    @Override
    protected boolean assertion(TreePath path, AssertTree a) {
        emit(CodeBlock.of("if ($L && !(", cx.assertionsFlag()));
        child(path, a.getCondition());
        emit(CodeBlock.of(")) {\n$>throw new $T(", AssertionError.class));
        if (a.getDetail() != null) {
            child(path, a.getDetail());
        }
        emit(CodeBlock.of(");\n$<}"));
        return true;
    }

    @Override
    protected boolean invocation(TreePath path, MethodInvocationTree mi) {
        if (m.awaits.contains(mi)) {
            if (!witnessMode) {
                throw new Unsupported(mi, "jawait: internal error: await reached the printer");
            }
            // A type witness only, never evaluated: no Poll to read from.
            emit((classDepth > 0 ? cx.machineThis : "this") + ".awaited(null, false ? ");
            child(path, mi.getArguments().get(0));
            emit(" : null)");
            return true;
        }
        ExpressionTree select = mi.getMethodSelect();
        if (select instanceof MemberSelectTree && classDepth == 0
                && isQualifiedSuper(((MemberSelectTree) select).getExpression())) {
            return interfaceSuperCall(path, mi, (MemberSelectTree) select);
        }
        if (select instanceof MemberSelectTree && classDepth == 0
                && ((MemberSelectTree) select).getExpression() instanceof IdentifierTree) {
            String q = ((IdentifierTree) ((MemberSelectTree) select).getExpression()).getName().toString();
            String name = ((MemberSelectTree) select).getIdentifier().toString();
            if (q.equals("super")) {
                DeclaredType sup = lookup.superclass();
                if (sup == null) {
                    throw new Unsupported(mi, "jawait: 'super' of an interface method is not supported");
                }
                TypeElement superclass = (TypeElement) sup.asElement();
                return handleCall(path, mi, lookup.memberMethods(superclass, name), m.owner, superclass);
            }
            if (q.equals("this")) {
                List<ExecutableElement> ms = lookup.memberMethods(m.owner, name);
                for (ExecutableElement x : ms) {
                    if (!lookup.accessible(x)) {
                        return handleCall(path, mi, ms, m.owner, null);
                    }
                }
                return false;
            }
        }
        if (select instanceof MemberSelectTree) {
            return qualifiedHandleCall(path, mi, (MemberSelectTree) select);
        }
        if (!(select instanceof IdentifierTree)) {
            return false;
        }
        String name = ((IdentifierTree) select).getName().toString();
        if (name.equals("this") || name.equals("super")) {
            return false;
        }
        if (classDepth > 0 && exact.declaredInClassBody(path, name, true)) {
            return false; // a member of the local / anonymous class or its supertypes
        }
        for (TypeElement c : lookup.lexicalClasses()) {
            List<ExecutableElement> ms = lookup.memberMethods(c, name);
            if (ms.isEmpty()) {
                continue;
            }
            boolean allStatic = true;
            boolean anyInaccessible = false;
            for (ExecutableElement x : ms) {
                allStatic &= x.getModifiers().contains(Modifier.STATIC);
                anyInaccessible |= !lookup.accessible(x);
            }
            if (anyInaccessible) {
                return handleCall(path, mi, ms, c, null);
            }
            CodeBlock receiver;
            if (allStatic) {
                receiver = CodeBlock.of("$T", ClassName.get(c));
            } else {
                int k = lookup.instanceIndex(c);
                if (k < 0) {
                    throw cx.fail(mi, "jawait: cannot reach the instance that owns '" + name + "'");
                }
                receiver = captureInstance(k);
            }
            defaultInvocation(path, mi, receiver);
            return true;
        }
        return false; // a static import
    }

    /** Whether {@code e} is {@code T.super}. */
    private static boolean isQualifiedSuper(ExpressionTree e) {
        return e instanceof MemberSelectTree && ((MemberSelectTree) e).getIdentifier().contentEquals("super");
    }

    /**
     * {@code Iface.super.m(...)}: the default method {@code m} of direct superinterface
     * {@code Iface}, called through a method handle found with {@code findSpecial}, as javac's
     * {@code invokespecial}. {@code Outer.super.m(...)}, {@code Outer} a lexically enclosing
     * class (or the method's own): the method {@code m} of {@code Outer}'s superclass on the
     * instance {@code Outer.this} (JLS 15.12.1), javac's access method in {@code Outer} made a
     * handle whose special caller is {@code Outer}.
     */
    private boolean interfaceSuperCall(TreePath path, MethodInvocationTree mi, MemberSelectTree select) {
        MemberSelectTree qualified = (MemberSelectTree) select.getExpression();
        TypeElement iface = exact.typeOf(qualified.getExpression());
        String name = select.getIdentifier().toString();
        if (iface != null && !iface.getKind().isInterface() && lookup.instanceIndex(iface) >= 0
                && iface.getSuperclass().getKind() == TypeKind.DECLARED) {
            TypeElement superclass = (TypeElement) cx.types.asElement(iface.getSuperclass());
            return handleCall(path, mi, lookup.memberMethods(superclass, name), iface, superclass);
        }
        if (iface == null || !iface.getKind().isInterface()) {
            throw new Unsupported(mi, "jawait: '" + qualified + "." + select.getIdentifier() + "(...)' is not supported"
                    + " in an @Async method (only Iface.super.m() for a direct superinterface and Outer.super.m()"
                    + " for an enclosing class); call it through a helper method");
        }
        return handleCall(path, mi, lookup.memberMethods(iface, name), m.owner, iface);
    }

    private CodeBlock captureInstance(int k) {
        TypeElement c = m.instances.get(k);
        String field = MachineFields.instanceField(k);
        if (hoisting != null && !witnessMode) {
            return CodeBlock.of("$L", capture(field, TypeName.get(c.asType())));
        }
        if (lambdaDepth == 0 && classDepth == 0) {
            return CodeBlock.of("this.$L", field);
        }
        if (witnessMode) {
            return CodeBlock.of("$L.$L", classDepth > 0 ? cx.machineThis : "this", field);
        }
        String snap = snapshots.get(field);
        if (snap == null) {
            snap = field + "$" + cx.snapshotCount++;
            snapshots.put(field, snap);
            prelude.add(CodeBlock.of("final $T $L = this.$L;\n", TypeName.get(c.asType()), snap, field));
        }
        return CodeBlock.of("$L", snap);
    }

    /** The code of the instance of class {@code c} that owns an instance member. */
    private CodeBlock instanceFor(Tree at, TypeElement c) {
        int k = lookup.instanceIndex(c);
        if (k < 0) {
            throw cx.fail(at, "jawait: cannot reach the instance of " + c.getSimpleName() + " here");
        }
        return captureInstance(k);
    }

    /** The member field a store target names, when it needs a handle; else null. */
    VariableElement handledField(TreePath target, ExpressionTree t) {
        t = unparen(t);
        String name;
        if (t instanceof IdentifierTree) {
            name = ((IdentifierTree) t).getName().toString();
            TreePath at = new TreePath(target, t);
            if (lookup.localDeclaration(at, ((IdentifierTree) t).getName()) != null
                    || CaseLabels.bindingInScope(at, name) != null
                    || classDepth > 0 && exact.declaredInClassBody(at, name, false)) {
                return null; // a local, or a field of the local or anonymous class around it
            }
        } else if (t instanceof MemberSelectTree && MemberLookup.isSuper(((MemberSelectTree) t).getExpression())
                && classDepth == 0) {
            VariableElement f = lookup.superField(((MemberSelectTree) t).getIdentifier().toString());
            return f != null && !lookup.accessible(f) ? f : null;
        } else if (t instanceof MemberSelectTree && ((MemberSelectTree) t).getExpression() instanceof IdentifierTree
                && ((IdentifierTree) ((MemberSelectTree) t).getExpression()).getName().contentEquals("this")
                && classDepth == 0) {
            name = ((MemberSelectTree) t).getIdentifier().toString();
        } else if (t instanceof MemberSelectTree && outerThisField((MemberSelectTree) t) != null) {
            return outerThisField((MemberSelectTree) t);
        } else if (t instanceof MemberSelectTree) {
            return fieldOfValue(new TreePath(target, t));
        } else {
            return null;
        }
        VariableElement f = lookup.fieldNamed(name);
        return f != null && !lookup.accessible(f) ? f : null;
    }

    /**
     * For {@code Outer.this.f} outside lambdas' and classes' bodies: {@code Outer}'s field
     * {@code f} when the machine cannot access it (private to the enclosing class); else null.
     */
    private VariableElement outerThisField(MemberSelectTree t) {
        ExpressionTree e = unparen(t.getExpression());
        if (classDepth > 0 || !(e instanceof MemberSelectTree) || !((MemberSelectTree) e).getIdentifier().contentEquals("this")) {
            return null;
        }
        TypeElement c = exact.typeOf(((MemberSelectTree) e).getExpression());
        VariableElement f = c == null || lookup.instanceIndex(c) < 0 ? null
                : lookup.memberField(c, t.getIdentifier().toString());
        return f != null && !lookup.accessible(f) ? f : null;
    }

    /**
     * For {@code e.f}, {@code e} a value (not {@code this}, {@code super}, a type or a package)
     * whose static type is known: its instance field {@code f} when the machine cannot access
     * it (e.g. private to the user's class, of another instance); for {@code T.f}, {@code T} a
     * type: its static field {@code f} when the machine cannot access it; else null.
     */
    private VariableElement fieldOfValue(TreePath select) {
        MemberSelectTree s = (MemberSelectTree) select.getLeaf();
        Tree parent = select.getParentPath().getLeaf();
        if (parent instanceof MethodInvocationTree && ((MethodInvocationTree) parent).getMethodSelect() == s) {
            return null; // 'e.m(...)': a method (a record's accessor is named like its private field)
        }
        ExpressionTree q = unparen(s.getExpression());
        if (q instanceof IdentifierTree && (((IdentifierTree) q).getName().contentEquals("this") || MemberLookup.isSuper(q))
                || q instanceof MemberSelectTree && (((MemberSelectTree) q).getIdentifier().contentEquals("this")
                        || ((MemberSelectTree) q).getIdentifier().contentEquals("super"))) {
            return null;
        }
        TreePath qp = new TreePath(select, s.getExpression());
        if (lookup.isTypeOrPackage(qp)) {
            // 'Type.f': a static field of a class of the user's that the machine cannot access.
            TypeElement type = exact.typeOf(q);
            VariableElement f = type == null ? null : lookup.memberField(type, s.getIdentifier().toString());
            return f != null && !lookup.accessible(f) && f.getModifiers().contains(Modifier.STATIC) ? f : null;
        }
        String name = s.getIdentifier().toString();
        // Perhaps a private field, of a value the lexical rules cannot type: then javac is asked.
        TypeElement type = classOfValue(qp, lookup.privateInstanceFieldInTheNest(name));
        VariableElement f = type == null ? null : lookup.memberField(type, name);
        return f != null && !lookup.accessible(f) && !f.getModifiers().contains(Modifier.STATIC)
                && !declaredInMethod(f) ? f : null;
    }

    /**
     * The class of value {@code p} (not a type): for a field of a local or anonymous class around
     * it, the class its declaration names (not the lexical lookup's); else {@link #declaredTypeOf};
     * if that is unknown and {@code askJavac}, the class of javac's type for it (costly).
     */
    private TypeElement classOfValue(TreePath p, boolean askJavac) {
        ExpressionTree q = unparen((ExpressionTree) p.getLeaf());
        String id = q instanceof IdentifierTree ? ((IdentifierTree) q).getName().toString() : null;
        TypeElement c = id != null && classDepth > 0 && exact.declaredInClassBody(p, id, false)
                ? exact.classBodyFieldClass(p, id)
                : declaredTypeOf(p);
        if (c == null && askJavac) {
            TypeMirror t = exact.ofAskingJavac(p);
            c = t != null && t.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) t).asElement() : null;
        }
        return c;
    }

    /**
     * The class of value {@code p}: its exact type, or, for a local that is not a machine field,
     * the class its declaration names (unless a local class of that name may shadow it), or for
     * {@code var x = e} the class of {@code e}.
     */
    private TypeElement declaredTypeOf(TreePath p) {
        TypeMirror type = exact.of(p); // 'this' too ('var self = this'): the method's class
        if (type != null) {
            return type.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) type).asElement() : null;
        }
        if (!(p.getLeaf() instanceof IdentifierTree)) {
            return null;
        }
        VariableTree decl = lookup.localDeclaration(p, ((IdentifierTree) p.getLeaf()).getName());
        Tree named = decl == null ? null : decl.getType();
        if (named instanceof ParameterizedTypeTree) {
            named = ((ParameterizedTypeTree) named).getType();
        }
        if (decl != null && (named == null || cx.positions.getStartPosition(m.unit, named) < 0)) {
            // 'var x = e': the class of e, if that is known (e stands alone: a generic call's
            // type then follows from its argument, as in 'var o = identity(it)').
            TreePath init = decl.getInitializer() == null ? null : TreePath.getPath(m.unit, decl.getInitializer());
            if (init == null) {
                return null;
            }
            TypeElement known = declaredTypeOf(init);
            TypeMirror generic = known != null ? null : exact.standaloneGenericCall(init);
            return known != null || generic == null || generic.getKind() != TypeKind.DECLARED ? known
                    : (TypeElement) ((DeclaredType) generic).asElement();
        }
        if (named == null
                || named instanceof IdentifierTree && localClassVisible(p, ((IdentifierTree) named).getName().toString())) {
            return null; // a local class
        }
        return exact.typeOf(named);
    }

    /** Whether {@code e} is a member of a local or anonymous class (which the machine may access). */
    private static boolean declaredInMethod(Element e) {
        for (Element x = e.getEnclosingElement(); x != null; x = x.getEnclosingElement()) {
            if (x instanceof ExecutableElement) {
                return true;
            }
        }
        return false;
    }

    /**
     * The code of the object whose handled field {@code f} the store target {@code t} (at
     * {@code target}) names: the printed qualifier of {@code e.f}, or the user's instance that
     * owns the member; null for a static field.
     */
    Expr handleReceiver(TreePath target, ExpressionTree t, VariableElement f) {
        t = unparen(t);
        if (f.getModifiers().contains(Modifier.STATIC)) {
            return null;
        }
        if (t instanceof MemberSelectTree && fieldOfValue(new TreePath(target, t)) != null) {
            return printExpression(new TreePath(new TreePath(target, t), ((MemberSelectTree) t).getExpression()));
        }
        return new Expr(instanceFor(t, owningClass(f)), List.of());
    }

    /** Reads field {@code f} of {@code receiver} (null: static) through its handle. */
    CodeBlock handleGet(VariableElement f, CodeBlock receiver) {
        if (MemberHandles.typedByItsObject(f)) {
            return CodeBlock.of("$L($L)", handles.fieldReader(f), receiver);
        }
        return CodeBlock.of("(($T) $L.get($L))", handles.castType(f.asType()), handles.fieldHandle(f),
                receiver == null ? "" : receiver);
    }

    /** Writes {@code value} to field {@code f} of {@code receiver} (null: static) through its handle. */
    CodeBlock handleSet(VariableElement f, CodeBlock receiver, CodeBlock value) {
        return CodeBlock.of("$L.set($L)", handles.fieldHandle(f),
                receiver == null ? value : CodeBlock.of("$L, $L", receiver, value));
    }

    /**
     * The type a handled field's new value is cast to in a compound assignment: javac's implicit
     * narrowing. For a field typed by a type variable, {@code Object}: the machine may not name
     * the variable, and javac's cast to it (a boxed type, {@code other.value += 1} on a
     * {@code Box<Integer>}) converts exactly as boxing to {@code Object} does.
     */
    TypeName handleCastType(VariableElement f) {
        cx.ir.suppressWarnings.add("cast");
        return MemberHandles.typedByItsObject(f) ? ClassName.OBJECT : handles.castType(f.asType());
    }

    /**
     * A write to a field reached through a handle: {@code h.set(object, value)}. When the
     * object is printed twice (read, then written) and is more than a plain name, or when the
     * expression's value is used, the update runs in a block of locals ({@link #updateInLocals}).
     */
    @Override
    protected boolean store(TreePath path, ExpressionTree target) {
        VariableElement f = handledField(path, target);
        if (f == null) {
            return false;
        }
        Tree node = path.getLeaf();
        Tree parent = path.getParentPath().getLeaf();
        boolean forHeader = inForHeader(path);
        boolean valueUnused = isStatementExpression(path);
        ExpressionTree t = unparen(target);
        CodeBlock inst;
        boolean plainObject = true; // printing the object again reads the same one
        if (f.getModifiers().contains(Modifier.STATIC)) {
            inst = null;
        } else if (t instanceof MemberSelectTree && fieldOfValue(new TreePath(path, t)) != null) {
            ExpressionTree q = ((MemberSelectTree) t).getExpression();
            plainObject = unparen(q) instanceof IdentifierTree;
            inst = print(new TreePath(new TreePath(path, t), q));
        } else {
            inst = instanceFor(node, owningClass(f));
        }
        if (valueUnused && (plainObject || node instanceof AssignmentTree)) {
            emit(setInPlace(path, node, f, inst));
            return true;
        }
        if (forHeader) {
            throw new Unsupported(node, "jawait: the private field '" + f.getSimpleName() + "' is updated through a"
                    + " handle, which names its object twice; in a for loop's header put that object in a local first");
        }
        if (parent instanceof LambdaExpressionTree) {
            throw new Unsupported(node, "jawait: a private field is written through a handle, which needs a block"
                    + " here; write this lambda's body as a block ('-> { ... }')");
        }
        if (!valueUnused && node instanceof AssignmentTree && MemberHandles.typedByItsObject(f)) {
            throw new Unsupported(node, "jawait: the private field '" + f.getSimpleName() + "' has a type the generated"
                    + " machine may not be able to name, and its assignment is used as a value; write '"
                    + f.getSimpleName() + "' in a statement of its own here");
        }
        CodeBlock.Builder b = CodeBlock.builder();
        String result = updateInLocals(path, node, f, inst, b);
        if (valueUnused) {
            emit(CodeBlock.of("{\n$>$L$<}", b.build()));
            printedAsBlock = true;
        } else {
            emit(valueOfBlock(b.build(), result));
        }
        return true;
    }

    /**
     * An expression that runs {@code statements} and has the value of their local {@code result}:
     * a switch expression, the one expression with statements (and locals) of its own.
     */
    static CodeBlock valueOfBlock(CodeBlock statements, String result) {
        return CodeBlock.of("switch (0) {\n$>default -> {\n$>$Lyield $L;\n$<}\n$<}", statements, result);
    }

    /** {@link #store} as one call, {@code h.set(object, <new value>)}, when the object may be printed twice. */
    private CodeBlock setInPlace(TreePath path, Tree node, VariableElement f, CodeBlock inst) {
        if (node instanceof AssignmentTree) {
            // The assignment converted the value to the field's type: so must the handle's set.
            return handleSet(f, inst, convertedFor(f.asType(),
                    print(new TreePath(path, ((AssignmentTree) node).getExpression()))));
        }
        TypeName cast = handleCastType(f);
        CodeBlock read = handleGet(f, inst);
        if (node instanceof CompoundAssignmentTree) {
            return handleSet(f, inst, CodeBlock.of("($T) ($L $L ($L))", cast, read, binaryOperator(node),
                    print(new TreePath(path, ((CompoundAssignmentTree) node).getExpression()))));
        }
        return handleSet(f, inst, CodeBlock.of("($T) ($L $L 1)", cast, read, increments(node) ? "+" : "-"));
    }

    /**
     * Adds to {@code b} the statements of {@link #store} with the object (if any) evaluated once
     * into a local, in Java's order (JLS 15.26, 15.14, 15.15): the object; for a compound
     * assignment or {@code ++}/{@code --} the field's value (a null object fails here), then the
     * right-hand side, then the write ({@link #updateCopy}); for {@code =} the
     * right-hand side, converted to the field's type, then the write (a null object fails there).
     * Returns the local that holds the expression's value.
     */
    private String updateInLocals(TreePath path, Tree node, VariableElement f, CodeBlock inst, CodeBlock.Builder b) {
        int n = cx.snapshotCount++;
        CodeBlock object = inst;
        if (inst != null) {
            object = CodeBlock.of("object$$$L", n);
            b.add("var $L = $L;\n", object, inst);
        }
        String value = "value$" + n;
        if (node instanceof AssignmentTree) {
            b.add("$T $L = $L;\n", TypeName.get(f.asType()), value,
                    print(new TreePath(path, ((AssignmentTree) node).getExpression())));
            b.add("$L;\n", handleSet(f, object, CodeBlock.of("$L", value)));
            return value;
        }
        CodeBlock read = handleGet(f, object);
        String old = null;
        if (node.getKind() == Tree.Kind.POSTFIX_INCREMENT || node.getKind() == Tree.Kind.POSTFIX_DECREMENT) {
            old = "old$" + n; // the value of 'x++'
            b.add("var $L = $L;\n", old, read);
            read = CodeBlock.of("$L", old);
        }
        CodeBlock rhs = node instanceof CompoundAssignmentTree
                ? print(new TreePath(path, ((CompoundAssignmentTree) node).getExpression())) : null;
        updateCopy(b, f, object, node, read, rhs, value);
        return old != null ? old : value;
    }

    /**
     * Adds to {@code b} the update {@code node} (a compound assignment with right-hand side
     * {@code rhs}, or {@code ++}/{@code --}) of handled field {@code f} of {@code object}, whose
     * value {@code old} is (or reads, first), made on a local copy {@code value}: javac applies
     * its own implicit narrowing ({@code byte b; b += 300}) and {@code String +=} to it; then the
     * copy is written.
     */
    void updateCopy(CodeBlock.Builder b, VariableElement f, CodeBlock object, Tree node, CodeBlock old, CodeBlock rhs,
            String value) {
        b.add("var $L = $L;\n", value, old);
        if (node instanceof CompoundAssignmentTree) {
            // javac 20+ may warn of the narrowing here as on the user's own line, where it is theirs to suppress.
            cx.ir.suppressWarnings.add("lossy-conversions");
            b.add("$L $L= $L;\n", value, binaryOperator(node), rhs);
        } else {
            b.add("$L$L;\n", value, increments(node) ? "++" : "--");
        }
        b.add("$L;\n", handleSet(f, object, CodeBlock.of("$L", value)));
    }

    private static boolean increments(Tree node) {
        return node.getKind() == Tree.Kind.POSTFIX_INCREMENT || node.getKind() == Tree.Kind.PREFIX_INCREMENT;
    }

    /** The class in the lexical chain through which {@code member} is reached. */
    private TypeElement owningClass(Element member) {
        for (TypeElement c : lookup.lexicalClasses()) {
            if (cx.elements.getAllMembers(c).contains(member)) {
                return c;
            }
        }
        TypeMirror declaring = cx.types.erasure(member.getEnclosingElement().asType());
        for (TypeElement c : lookup.lexicalClasses()) {
            if (cx.types.isSubtype(cx.types.erasure(c.asType()), declaring)) {
                return c; // a member it hides ('super.x')
            }
        }
        return (TypeElement) member.getEnclosingElement();
    }

    /**
     * {@code new C(...)} of a constructor the machine cannot call (a private one of the user's
     * class or of a class nested in it): through a generic static method of the machine that calls
     * its handle ({@link MemberHandles#constructorCaller}), {@code C$new(args)}, or with the
     * class's explicit type arguments {@code Machine.<A>C$new(args)}.
     */
    @Override
    protected boolean newInstance(TreePath path, NewClassTree n) {
        Tree id = n.getIdentifier();
        Tree base = id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id;
        if (!(base instanceof IdentifierTree) || n.getEnclosingExpression() != null) {
            return false;
        }
        TypeElement te = lookup.typeNamed(((IdentifierTree) base).getName().toString());
        if (te == null || te.getModifiers().contains(Modifier.PRIVATE)) {
            return false; // (a private class: the machine cannot even name it, which printing reports)
        }
        ExecutableElement target = null;
        boolean inaccessible = false;
        int arity = n.getArguments().size();
        for (ExecutableElement x : ElementFilter.constructorsIn(te.getEnclosedElements())) {
            if (x.getParameters().size() == arity || x.isVarArgs() && arity >= x.getParameters().size() - 1) {
                inaccessible |= !lookup.accessible(x);
                target = target == null ? x : null;
                if (target == null) {
                    break;
                }
            }
        }
        if (!inaccessible) {
            return false;
        }
        String why = null;
        if (target == null || target.isVarArgs()) {
            why = "is overloaded (or varargs), and the machine, which calls it through a method handle, must"
                    + " know which one";
        } else if (n.getClassBody() != null) {
            why = "is called by an anonymous subclass, which the generated machine cannot declare for it";
        } else if (te.getNestingKind() != NestingKind.TOP_LEVEL && !te.getModifiers().contains(Modifier.STATIC)) {
            why = "belongs to an inner class, whose creation also needs its enclosing instance";
        } else if (!n.getTypeArguments().isEmpty() || !target.getTypeParameters().isEmpty()) {
            why = "is generic itself";
        }
        if (why != null) {
            throw new Unsupported(n, "jawait: the private constructor of '" + te.getSimpleName() + "' " + why
                    + "; the generated state machine is a separate class and cannot call it directly: make the"
                    + " constructor package-private, or create the object in a helper method");
        }
        String caller = handles.constructorCaller(target);
        if (id instanceof ParameterizedTypeTree && !((ParameterizedTypeTree) id).getTypeArguments().isEmpty()) {
            emit(m.machineName + ".<");
            list(new TreePath(path, id), ((ParameterizedTypeTree) id).getTypeArguments(), ", ");
            emit(">");
        } else if (classDepth > 0) {
            emit(m.machineName + "."); // a class body's own members could hide the caller's name
        }
        emit(caller);
        arguments(path, n.getArguments());
        return true;
    }

    /**
     * A method or constructor reference is printed as it is, so it must name members the machine
     * can reach: a reference to a private method or constructor of the user's classes
     * ({@code this::remember}, {@code Account::new}) would be a javac error in the generated
     * code, so it is one here, at the reference, with the fix.
     */
    @Override
    protected void checkMemberReference(TreePath path, MemberReferenceTree mr) {
        if (classDepth > 0) {
            return; // inside a local or anonymous class body, 'this' and names are that class's
        }
        TreePath qp = new TreePath(path, mr.getQualifierExpression());
        Tree q = mr.getQualifierExpression();
        Tree raw = q instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) q).getType() : q;
        TypeElement owner = null;
        if (raw instanceof IdentifierTree && ((IdentifierTree) raw).getName().contentEquals("this")) {
            owner = m.owner;
        } else if (raw instanceof IdentifierTree && lookup.isTypeOrPackage(new TreePath(path, raw))) {
            owner = lookup.typeNamed(((IdentifierTree) raw).getName().toString());
        } else {
            TypeMirror type = exact.of(qp);
            if (type != null && type.getKind() == TypeKind.DECLARED) {
                owner = (TypeElement) ((DeclaredType) type).asElement();
            }
        }
        if (owner == null) {
            return;
        }
        List<? extends Element> members = mr.getMode() == MemberReferenceTree.ReferenceMode.NEW
                ? ElementFilter.constructorsIn(owner.getEnclosedElements())
                : lookup.memberMethods(owner, mr.getName().toString());
        if (members.isEmpty() || members.stream().anyMatch(lookup::accessible)) {
            return; // javac picks among them; one the machine can reach may be it
        }
        String what = mr.getMode() == MemberReferenceTree.ReferenceMode.NEW
                ? "the private constructor of '" + owner.getSimpleName() + "'"
                : "the private method '" + mr.getName() + "'";
        throw new Unsupported(mr, "jawait: this reference names " + what + ", which the generated state machine"
                + " (a separate class) cannot reference; make it package-private");
    }

    /**
     * {@code T.m(...)} or {@code e.m(...)} (e a value of known class, not {@code this} or
     * {@code super}) where {@code m} is a method of the user's classes the machine cannot call
     * (private): through its handle, with {@code e} as the object. False to print it as it is.
     */
    private boolean qualifiedHandleCall(TreePath path, MethodInvocationTree mi, MemberSelectTree select) {
        ExpressionTree q = unparen(select.getExpression());
        if (q instanceof IdentifierTree && (((IdentifierTree) q).getName().contentEquals("this")
                || MemberLookup.isSuper(q))) {
            return false;
        }
        TreePath qp = new TreePath(new TreePath(path, select), select.getExpression());
        boolean type = lookup.isTypeOrPackage(qp);
        String name = select.getIdentifier().toString();
        // Perhaps a private method, on a value the lexical rules cannot type (a lambda's inferred
        // parameter): then javac is asked.
        TypeElement owner = type ? exact.typeOf(q)
                : q instanceof MemberSelectTree && ((MemberSelectTree) q).getIdentifier().contentEquals("this")
                        ? exact.typeOf(((MemberSelectTree) q).getExpression()) // C.this: class C
                        : classOfValue(qp, lookup.privateMethodInTheNest(name));
        if (owner == null || owner.getNestingKind() == NestingKind.LOCAL
                || owner.getNestingKind() == NestingKind.ANONYMOUS) {
            return false; // a class of the method's body: the machine holds its own copy, a nestmate
        }
        List<ExecutableElement> ms = lookup.memberMethods(owner, name);
        if (ms.stream().noneMatch(this::privateToTheNest)) {
            return false; // what the machine cannot call elsewhere (a JDK class's internals) is javac's to judge
        }
        if (type && !ms.stream().allMatch(x -> x.getModifiers().contains(Modifier.STATIC))) {
            return false; // javac's to reject: an instance method named through a type
        }
        return handleCall(path, mi, ms, owner, null, type ? null : print(qp));
    }

    /**
     * The type argument {@code arg} (the {@code i}th of {@code arity}) of a call of {@code target}
     * through {@code MethodHandle.invoke} must be converted to, or null to leave it as it is. A
     * varargs method's handle collects the trailing arguments into the array; one argument in the
     * array's place may be the array itself, so it is an element only if its type is known not to
     * be an array.
     */
    private TypeMirror invokeParameter(ExecutableElement target, int i, int arity, TreePath arg) {
        List<? extends VariableElement> params = target.getParameters();
        if (!target.isVarArgs() || i < params.size() - 1) {
            return params.get(i).asType();
        }
        if (arity == params.size()) {
            TypeMirror t = exact.of(arg);
            if (t == null || t.getKind() == TypeKind.ARRAY) {
                return null;
            }
        }
        return ((ArrayType) params.get(params.size() - 1).asType()).getComponentType();
    }

    /**
     * {@code value} converted to primitive {@code type} by a cast, for a signature-polymorphic
     * call ({@code VarHandle.set}, {@code MethodHandle.invoke}), whose descriptor the value's own
     * static type makes: the source's assignment or call converted it (a constant narrowed to
     * {@code byte}, a conditional whose awaited branch is read back as {@code Integer}), javac
     * would not here (JLS 15.12.4.4, 5.3). Anything else as it is.
     */
    private CodeBlock convertedFor(TypeMirror type, CodeBlock value) {
        if (type == null || !type.getKind().isPrimitive()) {
            return value;
        }
        cx.ir.suppressWarnings.add("cast"); // javac's lint sees only the standalone type: "redundant"
        return CodeBlock.of("($T) ($L)", TypeName.get(type), value);
    }

    /** Whether {@code member} is private to the user's top-level class or a class nested in it. */
    private boolean privateToTheNest(Element member) {
        return member.getModifiers().contains(Modifier.PRIVATE)
                && MemberLookup.outermost(member) == MemberLookup.outermost(m.owner);
    }

    /** Calls an inaccessible method through a MethodHandle: {@code ((R) h.invoke(self, args))}. */
    private boolean handleCall(TreePath path, MethodInvocationTree mi, List<ExecutableElement> candidates,
            TypeElement reachedThrough, TypeElement superOf) {
        return handleCall(path, mi, candidates, reachedThrough, superOf, null);
    }

    /**
     * As above; {@code object}, if not null, is the printed object of an instance method (else
     * the user's instance that owns the member).
     */
    private boolean handleCall(TreePath path, MethodInvocationTree mi, List<ExecutableElement> candidates,
            TypeElement reachedThrough, TypeElement superOf, CodeBlock object) {
        ExecutableElement target = null;
        int arity = mi.getArguments().size();
        for (ExecutableElement x : candidates) {
            int n = x.getParameters().size();
            if (x.isVarArgs() ? arity >= n - 1 : n == arity) {
                if (target != null) {
                    throw new Unsupported(mi, "jawait: the private method '" + x.getSimpleName() + "' is"
                            + " overloaded; the generated machine reaches it through a method handle and"
                            + " must know which one: give it a distinct name or make it package-private");
                }
                target = x;
            }
        }
        if (target == null) {
            throw new Unsupported(mi, "jawait: no method matches this call");
        }
        // In a lambda or a class body the call must throw what the method declares, not the
        // handle's Throwable: it goes through a static caller of the machine (MemberHandles).
        boolean inLambdaOrClassBody = lambdaDepth > 0 || classDepth > 0;
        if (inLambdaOrClassBody && superOf != null) {
            throw new Unsupported(mi, "jawait: '" + target.getSimpleName() + "' is called through 'super', which"
                    + " the generated machine (another class) reaches only through a handle, and it cannot call one"
                    + " inside a lambda or class body (MethodHandle.invoke throws Throwable); call it outside the"
                    + " " + (classDepth > 0 ? "class body" : "lambda") + ", or through a helper method");
        }
        boolean isStatic = target.getModifiers().contains(Modifier.STATIC);
        // A call whose type depends on its arguments goes through a generic static method of the
        // machine, whose call javac types as the source's; others through the handle and a cast.
        // A varargs one too: the caller is declared varargs, so javac decides, as for the source's
        // call, whether one argument in the array's place is the array or its only element. In a
        // lambda or class body every call does: the caller throws what the method declares, the
        // handle Throwable.
        String caller = superOf == null
                        && (MemberHandles.typedByItsCall(target) || target.isVarArgs() || inLambdaOrClassBody)
                ? handles.methodCaller(target, reachedThrough) : null;
        if (caller == null && inLambdaOrClassBody) {
            String where = classDepth > 0 ? "class body" : "lambda";
            throw new Unsupported(mi, "jawait: '" + target.getSimpleName() + "' is not accessible from the generated"
                    + " machine, and its type parameters clash with its class's, so the machine cannot call it"
                    + " inside a " + where + "; make it package-private, or call it outside the " + where);
        }
        boolean statement = path.getParentPath().getLeaf() instanceof com.sun.source.tree.ExpressionStatementTree;
        boolean cast = caller == null && !statement && target.getReturnType().getKind() != TypeKind.VOID;
        if (cast) {
            emit(CodeBlock.of("(($T) ", handles.castType(returnType(target, reachedThrough, superOf))));
        }
        if (caller != null && classDepth > 0) {
            emit(m.machineName + "."); // a class body's own members could hide the caller's name
        }
        emit(caller != null ? caller + "(" : handles.methodHandle(target, superOf, reachedThrough) + ".invoke(");
        boolean first = true;
        if (!isStatic) {
            emit(object != null ? object : instanceFor(mi, reachedThrough));
            first = false;
        }
        for (int i = 0; i < arity; i++) {
            if (!first) {
                emit(", ");
            }
            first = false;
            TreePath arg = new TreePath(path, mi.getArguments().get(i));
            if (caller != null) {
                child(path, arg.getLeaf()); // a Java call: javac converts the argument
            } else {
                emit(convertedFor(invokeParameter(target, i, arity, arg), print(arg)));
            }
        }
        emit(")");
        if (cast) {
            emit(")");
        }
        return true;
    }

    /**
     * The return type of {@code target} called on {@code reachedThrough} (or through its direct
     * supertype {@code superOf}): a type variable of a generic supertype is replaced by the type
     * argument the class gives it, which the machine can name.
     */
    private TypeMirror returnType(ExecutableElement target, TypeElement reachedThrough, TypeElement superOf) {
        TypeMirror via = reachedThrough.asType();
        if (superOf != null) {
            for (TypeMirror s : cx.types.directSupertypes(via)) {
                if (cx.types.asElement(s) == superOf) {
                    via = s;
                }
            }
        }
        try {
            return ((ExecutableType) cx.types.asMemberOf((DeclaredType) via, target)).getReturnType();
        } catch (IllegalArgumentException e) {
            return target.getReturnType();
        }
    }

    /**
     * Whether the statement at {@code path} leaves a {@code try} statement (of the method's code,
     * not of a lambda or class body) that has a {@code finally} block or resources: that code
     * runs after the statement, so the machine must not clear its fields yet.
     */
    private static boolean leavesTryWithFinally(TreePath path) {
        Tree from = path.getLeaf();
        for (TreePath q = path.getParentPath(); q != null; from = q.getLeaf(), q = q.getParentPath()) {
            Tree t = q.getLeaf();
            if (t instanceof LambdaExpressionTree || t instanceof ClassTree || t instanceof MethodTree) {
                return false;
            }
            if (t instanceof TryTree && from != ((TryTree) t).getFinallyBlock()
                    && (((TryTree) t).getFinallyBlock() != null || !((TryTree) t).getResources().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void jumpOut(TreePath path, StatementTree t) {
        if (t instanceof ReturnTree) {
            ReturnTree r = (ReturnTree) t;
            ExpressionTree value = states.readyValue(r.getExpression());
            CodeBlock code;
            if (value != null) {
                code = print(new TreePath(new TreePath(path, r.getExpression()), value));
            } else {
                code = print(new TreePath(path, r.getExpression()));
            }
            if (value != null && states.finallies.isEmpty()) {
                // one statement: no braces; a finally block that runs after it may read the fields
                emit(CodeBlock.of("return $L($T.ready($L));", leavesTryWithFinally(path) ? "completeBeforeFinally" : "complete",
                        POLL, code));
            } else {
                emit(CodeBlock.builder().add("{\n$>").add(states.returnCode(r, path, code, value != null)).add("$<}").build());
            }
            return;
        }
        if (t instanceof com.sun.source.tree.YieldTree) {
            StateBuilder.YieldScope y = states.yields.peek();
            if (y == null) {
                throw new Unsupported(t, "jawait: internal error: yield without a switch expression");
            }
            TreePath valuePath = new TreePath(path, ((com.sun.source.tree.YieldTree) t).getValue());
            CodeBlock value = print(valuePath);
            emit(CodeBlock.builder().add("{\n$>").add(y.store(valuePath, value))
                    .add(states.jumpCode(y.exit, y.finallyDepth)).add("$<}").build());
            return;
        }
        Name label = t instanceof BreakTree ? ((BreakTree) t).getLabel() : ((ContinueTree) t).getLabel();
        boolean isBreak = t instanceof BreakTree;
        for (StateBuilder.JumpScope s : states.jumps) {
            boolean match = label != null ? label.equals(s.label)
                    : isBreak ? (s.loop || s.breakable) : s.loop;
            if (match) {
                State target = isBreak ? s.breakTo : s.continueTo;
                emit(CodeBlock.builder().add("{\n$>").add(states.jumpCode(target, s.finallyDepth)).add("$<}").build());
                return;
            }
        }
        throw new Unsupported(t, "jawait: internal error: no target for " + t);
    }
}
