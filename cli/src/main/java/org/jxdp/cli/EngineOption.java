package org.jxdp.cli;

import java.util.ArrayList;
import java.util.List;
import org.jxdp.engine.vm.EngineKind;

/** Resolves {@code --engine interp|jit|all} to the engines to run, refusing unavailable ones. */
final class EngineOption {
    private EngineOption() {
    }

    /** The engines {@code name} selects; {@code all} skips (with a note) those not built yet. */
    static List<EngineKind> resolve(String name, java.io.PrintWriter err) {
        if (name.equals("all")) {
            List<EngineKind> out = new ArrayList<>();
            for (EngineKind k : EngineKind.values()) {
                if (k.available()) {
                    out.add(k);
                } else {
                    err.println("note: engine " + k.cliName() + " not run: " + k.unavailableReason());
                }
            }
            return out;
        }
        EngineKind k;
        try {
            k = EngineKind.fromCliName(name);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("unknown engine '" + name + "' (expected interp, jit or all)");
        }
        if (!k.available()) {
            throw new CliFailure(k.unavailableReason());
        }
        return List.of(k);
    }
}
