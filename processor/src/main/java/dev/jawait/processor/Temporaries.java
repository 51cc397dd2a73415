package dev.jawait.processor;

import com.palantir.javapoet.TypeName;
import javax.lang.model.type.TypeMirror;

/**
 * The temporaries a statement spills operands into: machine fields {@code tmp$N} (an
 * {@code Object}, or {@code tmp$N$long} and the like for a primitive), numbered per statement and
 * reused by the next one. The statement lowering clears the reference ones when a statement ends.
 */
final class Temporaries {
    /** The statement temporaries ({@code tmp$N}) the current statement has used. */
    int tempsInStatement;
    /**
     * The first statement temporary the current statement may use: above zero inside the arms of
     * a switch expression, whose statements must keep the operands spilled before it.
     */
    int tempFloor;
    /** Indices (below {@link #tempsInStatement}) of the current statement's primitive temporaries. */
    final java.util.BitSet primitiveTemps = new java.util.BitSet();
    /** Indices of the {@code Object} temporaries any statement used: the {@code tmp$N} fields to declare. */
    final java.util.BitSet objectTemps = new java.util.BitSet();

    private final LoweringContext cx;

    Temporaries(LoweringContext cx) {
        this.cx = cx;
    }

    /**
     * Allocates the next temporary of the current statement: index {@code n} names an
     * {@code Object} field {@code tmp$n}, or, for a value of a known primitive type, a field of
     * exactly that type ({@link #primitiveTemp}), so that a spilled primitive is never boxed.
     */
    int newTemp(TypeMirror primitive) {
        int n = tempsInStatement++;
        primitiveTemps.set(n, primitive != null);
        if (primitive == null) {
            objectTemps.set(n);
        }
        return n;
    }

    /** The field of primitive temporary {@code n}, e.g. {@code tmp$0$long}, declared on first use. */
    String primitiveTemp(int n, TypeMirror primitive) {
        String name = "tmp$" + n + "$" + primitive.getKind().name().toLowerCase(java.util.Locale.ROOT);
        cx.addField(name, TypeName.get(primitive));
        return name;
    }
}
