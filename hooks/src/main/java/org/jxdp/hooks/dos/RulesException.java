package org.jxdp.hooks.dos;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used: every mistake found, each with its line. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    /** The mistakes, in the order of their lines. */
    public RulesException(List<RuleError> errors) {
        super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The mistakes. */
    public List<RuleError> errors() {
        return errors;
    }
}
