package io.hotcert.cli;

import java.io.PrintWriter;

import io.hotcert.daemon.FailureExitCodes;
import io.hotcert.logging.Reasons;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a command's failure becomes a message on stderr and an exit code, so every
 * error is reported once, with its context, and maps to the contract's codes.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        // Our exceptions carry their context in the message; others are described in words, never by class name.
        err.println("hotcert " + command.getCommandName() + ": " + Reasons.of(e));
        err.flush();
        return FailureExitCodes.of(e);
    }
}
