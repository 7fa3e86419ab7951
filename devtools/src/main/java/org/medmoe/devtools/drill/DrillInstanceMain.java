package org.medmoe.devtools.drill;

import java.util.Arrays;
import org.medmoe.app.cli.Main;
import org.medmoe.app.cli.RunCommand;
import picocli.CommandLine;

/**
 * Entry point of a drill instance's child JVM: {@code medmoe run} with the drill's planted failures
 * ({@link PoisonPlant}). Arguments: the throwing revision, the halting revision ({@code STUDY/REVISION}
 * or {@code -}), then {@code run}'s options.
 */
public final class DrillInstanceMain {
    private DrillInstanceMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: DrillInstanceMain THROWING HALTING [run options]");
            System.exit(2);
        }
        PoisonPlant plant = PoisonPlant.parse(args[0], args[1]);
        System.exit(Main.execute(new CommandLine(new RunCommand(plant)), Arrays.copyOfRange(args, 2, args.length)));
    }
}
