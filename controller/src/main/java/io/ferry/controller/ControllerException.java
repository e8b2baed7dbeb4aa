package io.ferry.controller;

/** The controller refused an operator's request; the message is one line saying why. */
public class ControllerException extends Exception {

    private static final long serialVersionUID = 1L;

    public ControllerException(String message) {
        super(message);
    }
}
