package org.medmoe.app.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.service.ServiceStartException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports a mistake: one line on standard error that names the command and
 * says what is wrong, no stack trace. A usage mistake (an unknown option, a bad option value) exits
 * with 2 and points at the command's {@code --help}; a failure while the command runs (a wrong
 * configuration value, a missing file, a broker that does not answer) exits with 1. Stateless.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int USAGE = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String suggestion = "";
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        print(cl.getErr(), name + ": " + oneLine(ex.getMessage()) + suggestion + " (see " + name + " --help)");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        if (ex instanceof ParameterException usage) {
            return handleParseException(usage, new String[0]);
        }
        print(cl.getErr(), cl.getCommandSpec().qualifiedName() + ": " + message(ex));
        return FAILED;
    }

    /** The first useful message of {@code error} or of its causes, on one line. */
    static String message(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = describe(t);
            if (m != null) {
                return oneLine(m);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return error.getClass().getSimpleName();
    }

    private static String describe(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return "no such file or folder: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        }
        String m = t.getMessage();
        if (m == null || m.isBlank() || m.equals(String.valueOf(t.getCause()))) {
            return null;
        }
        boolean ours = t instanceof ConfigException || t instanceof ServiceStartException
                || t.getClass().getName().startsWith("org.medmoe.");
        return ours || t instanceof IllegalArgumentException || t instanceof java.io.IOException ? m
                : m + " (" + t.getClass().getSimpleName() + ")";
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void print(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
