import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Map;

import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step: writes the AsciiDoc manual page of hotcert and of each of its commands into the
 * directory named by the first argument (asciidoctor's manpage backend makes troff of them). Run
 * by the build with target/classes, picocli and picocli-codegen on the class path.
 *
 * <p>The command line is the one {@code Main} builds: the top command takes its context through its
 * constructor, which picocli's generator cannot call when given only a class name. Main and its
 * context are package-private, hence the reflection.
 */
public final class ManPages {

    private ManPages() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT-DIRECTORY");
        }
        Class<?> context = Class.forName("io.hotcert.cli.CliContext");
        Constructor<?> newContext = context.getDeclaredConstructor(Map.class, Clock.class);
        newContext.setAccessible(true);
        Method commandLine = Class.forName("io.hotcert.cli.Main").getDeclaredMethod("commandLine", context);
        commandLine.setAccessible(true);
        var hotcert = (CommandLine) commandLine.invoke(null, newContext.newInstance(Map.of(), Clock.systemUTC()));
        File output = new File(args[0]);
        if (!output.isDirectory() && !output.mkdirs()) {
            throw new IllegalStateException("cannot create " + output);
        }
        int exitCode = ManPageGenerator.generateManPage(output, null, new boolean[0], true, hotcert.getCommandSpec());
        if (exitCode != 0) {
            throw new IllegalStateException("picocli's man page generator failed with exit code " + exitCode);
        }
    }
}
