package dev.jawait.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import java.util.function.Supplier;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Why a type cannot be written in the generated state machine (a separate top-level class in the
 * method's package): the one walk over a {@link TypeMirror} that both the early check
 * ({@code check.UndenotableTypeCheck}) and the lowering ({@code MachineFields}) use. The few kinds
 * on which they differ are left to a {@link Rules}.
 */
public final class TypeWritability {
    private TypeWritability() {
    }

    /**
     * What a caller decides for itself. Each method answers why the type cannot be written, or
     * null if the caller accepts it.
     */
    public interface Rules {
        /** A {@code NONE} type: javac gave the processor no type (e.g. for some {@code var} locals). */
        String none();

        /** The null type, the type of the literal {@code null}. */
        String nullType();

        /** An {@code ERROR} type {@code t}: one javac did not resolve, or an anonymous class it hid as one. */
        String error(TypeMirror t);

        /**
         * A local class {@code e} (the lowering hoists some into the machine). {@code asMember}
         * gives the verdict for a member class (its enclosing chain, then its type arguments) for a
         * caller that judges the local class like one.
         */
        String localClass(TypeElement e, Supplier<String> asMember);
    }

    /**
     * Why {@code t} cannot be written in the generated class, or null if it can. Arrays, wildcard
     * bounds and type arguments are walked; the first problem found is the answer.
     *
     * @param t the type to write
     * @param rules the caller's answers for the kinds the callers differ on
     * @return the reason as a phrase such as "an intersection type", or null
     */
    public static String whyNot(TypeMirror t, Rules rules) {
        switch (t.getKind()) {
            case NONE:
                return rules.none();
            case NULL:
                return rules.nullType();
            case ERROR:
                return rules.error(t);
            case INTERSECTION:
                return "an intersection type";
            case ARRAY:
                return whyNot(((ArrayType) t).getComponentType(), rules);
            case TYPEVAR:
                return isCaptured(t) ? "a captured wildcard" : null;
            case WILDCARD: {
                // a wildcard has at most one bound: the extends bound, else the super bound
                WildcardType w = (WildcardType) t;
                TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return bound == null ? null : whyNot(bound, rules);
            }
            case DECLARED: {
                DeclaredType d = (DeclaredType) t;
                TypeElement e = (TypeElement) d.asElement();
                switch (e.getNestingKind()) {
                    case ANONYMOUS:
                        return "an anonymous class";
                    case LOCAL:
                        return rules.localClass(e, () -> asMember(d, rules));
                    default:
                        return asMember(d, rules);
                }
            }
            default:
                return null;
        }
    }

    /**
     * Whether the local declaration {@code v} writes its type, rather than {@code var}: javac
     * leaves the type of a {@code var} local out of the tree, or puts in one it made, with no
     * position in the source.
     */
    public static boolean writesItsType(VariableTree v, SourcePositions positions, CompilationUnitTree unit) {
        return v.getType() != null && positions.getStartPosition(unit, v.getType()) >= 0;
    }

    /** How {@link #whyNot} starts its answer for a private class; the class's simple name follows. */
    public static final String PRIVATE_CLASS = "the private class ";

    /** A class that is not anonymous: a private class anywhere out to the top, then its type arguments. */
    private static String asMember(DeclaredType t, Rules rules) {
        // the machine is another top-level class, so it cannot see a private class or its members
        for (Element x = t.asElement(); x instanceof TypeElement; x = x.getEnclosingElement()) {
            if (x.getModifiers().contains(Modifier.PRIVATE)) {
                return PRIVATE_CLASS + x.getSimpleName();
            }
        }
        for (TypeMirror a : t.getTypeArguments()) {
            String p = whyNot(a, rules);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * javac names capture variables "capture#N of ?" and the public API offers no other tell; an
     * ordinary type variable's name cannot hold '#', so it is never taken for one.
     */
    private static boolean isCaptured(TypeMirror t) {
        return t.toString().startsWith("capture#");
    }
}
