package dev.jawait.processor.check;

/**
 * {@code Await::await} as a method reference, anywhere: the reference is called later by code
 * that is not an {@code @Async} method, where await cannot suspend.
 */
final class AwaitMethodReferenceCheck implements UnitCheck {
    @Override
    public void check(UnitFacts unit, Reporter reporter) {
        for (var ref : unit.awaitReferences) {
            reporter.error(ref, "Await::await cannot be used as a method reference: the reference runs outside"
                    + " any @Async state machine, where await cannot suspend; call await(...) directly in the"
                    + " @Async method (e.g. in a loop over the futures), or combine the futures first"
                    + " (dev.jawait.combinator.Combinators.joinAll)");
        }
    }
}
