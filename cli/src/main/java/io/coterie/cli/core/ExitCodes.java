package io.coterie.cli.core;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** 0 success, 1 the operation failed (one line on stderr), 2 usage error (message and a hint). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    public static IParameterExceptionHandler usageErrors() {
        return (ParameterException e, String[] args) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("coterie: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        };
    }

    public static IExecutionExceptionHandler failures(CliContext context) {
        return (Exception e, CommandLine command, ParseResult parseResult) -> {
            PrintWriter err = command.getErr();
            err.println("coterie: " + lineFor(e));
            if (verbose(command, context)) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        };
    }

    static String lineFor(Exception e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        String what = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return "unexpected failure: " + ProblemException.oneLine(what) + " (run with --verbose for details)";
    }

    private static boolean verbose(CommandLine command, CliContext context) {
        if (command.getCommand() instanceof CoterieCommand coterieCommand) {
            return coterieCommand.global().verbose();
        }
        return context.debug();
    }
}
