package io.ferry.api.model;

import java.util.Optional;

/**
 * What a policy tells a running migration to do next. An engine without {@link Capability#PAGE_ORDER}
 * ignores page orders and sends in its own order; one without {@link Capability#ROUND_CONTROL} never asks.
 */
public sealed interface RoundDecision
        permits RoundDecision.PreCopyRound, RoundDecision.StopAndCopy, RoundDecision.SwitchToPostCopy {

    /**
     * Send one more pre-copy round while the VM runs.
     *
     * @param pages the pages to send and their order; pending pages left out are deferred (stay pending).
     *              Empty: every pending page in the engine's order.
     */
    record PreCopyRound(Optional<PageOrder> pages) implements RoundDecision {
        public PreCopyRound {
            Require.nonNull(pages, "pages");
        }
    }

    /** Pause the VM, send every pending page and the execution state, resume on the target. */
    record StopAndCopy() implements RoundDecision {
    }

    /**
     * Pause the VM, send the execution state, resume on the target and fetch pending pages behind it.
     *
     * @param pushOrder      the order of the background push; pending pages not listed follow in page order.
     *                       Empty: page order.
     * @param prepageWindow  on a fault at page p, also push the pending pages among p+1 … p+window next
     */
    record SwitchToPostCopy(Optional<PageOrder> pushOrder, int prepageWindow) implements RoundDecision {
        public SwitchToPostCopy {
            Require.nonNull(pushOrder, "pushOrder");
            if (prepageWindow < 0) {
                throw new IllegalArgumentException("prepageWindow = " + prepageWindow + ": must be >= 0");
            }
        }
    }
}
