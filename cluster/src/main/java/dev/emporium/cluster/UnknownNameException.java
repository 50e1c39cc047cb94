package dev.emporium.cluster;

/** A process or service the cluster does not have: the control API answers 404. */
final class UnknownNameException extends IllegalArgumentException {

    UnknownNameException(String what, String name) {
        super("no " + what + " named '" + name + "'");
    }
}
