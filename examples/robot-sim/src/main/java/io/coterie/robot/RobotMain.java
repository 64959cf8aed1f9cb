package io.coterie.robot;

/** Placeholder until the robot lands. */
public final class RobotMain {

    private RobotMain() {
    }

    public static void main(String[] args) {
        System.err.println("robot-sim: not built yet");
        System.exit(1);
    }
}
