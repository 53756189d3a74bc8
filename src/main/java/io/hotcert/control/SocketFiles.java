package io.hotcert.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The socket file on disk: how long its path may be, whether anyone answers on it, and binding it safely. */
final class SocketFiles {

    /**
     * The kernel's {@code sun_path} holds 108 bytes including the terminating NUL; the JDK refuses
     * 107 already (measured on JDK 17), so 106 is what works.
     */
    static final int MAX_PATH_BYTES = 106;

    /** {@code S_IFMT} and {@code S_IFSOCK} of stat(2): the file type bits of {@code unix:mode}. */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    /** Only the daemon may reach the socket until its final mode is set. */
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** {@code .hc} and five random characters, plus {@code /s}: short, because the limit counts it too. */
    private static final int TEMP_EXTRA_BYTES = "/.hcXXXXX/s".length();

    private SocketFiles() {
    }

    /** A bound server socket and the identity (device and inode) of its file, to delete only that file later. */
    record Bound(ServerSocketChannel channel, Object fileKey) {
    }

    /**
     * Connects to whoever listens on {@code socket}.
     *
     * @return empty when nobody does: there is no file, or the kernel refuses the connection (a
     *         socket file a crashed daemon left, or something that is not a socket at all); also
     *         for a path too long to bind, where no daemon can be listening either
     * @throws AccessDeniedException when the file is a socket this user may not connect to
     */
    static Optional<SocketChannel> connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(channel);
        } catch (IOException e) {
            channel.close();
            if (e instanceof ConnectException || !Files.exists(socket)) {
                return Optional.empty();
            }
            // The JDK reports EACCES on connect as a BindException; the message is the stable part.
            if ("Permission denied".equals(e.getMessage()) || !Files.isWritable(socket)) {
                throw accessDenied(socket);
            }
            throw new IOException(socket + ": cannot connect to the hotcert daemon's control socket: " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} is a socket, not following a symbolic link; false when it does not exist. */
    static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & FILE_TYPE_MASK) == SOCKET_TYPE;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Binds a socket at {@code socket} whose file has exactly {@code mode} before any other process
     * can reach it. bind(2) creates the file with the process umask, and a chmod afterwards leaves a
     * window in which anyone may connect (a connection only has to be queued then, and is served
     * later). So the socket is bound inside a fresh directory only the daemon can enter, given its
     * mode there, and then hard-linked into place: link(2) fails if the name exists meanwhile, so a
     * daemon starting at the same moment is never clobbered. The bound channel keeps working at
     * the new name because connecting goes by the file's inode.
     *
     * @param backlog connections the kernel queues before the daemon accepts them; a client that
     *                connects without waiting (EAGAIN) finds the socket refusing beyond it
     * @throws FileAlreadyExistsException when {@code socket} appeared meanwhile
     */
    static Bound bindPrivately(Path socket, Set<PosixFilePermission> mode, int backlog) throws IOException {
        Path temp = createPrivateDirectory(socket.getParent());
        Path tempSocket = temp.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(tempSocket), backlog);
            Files.setPosixFilePermissions(tempSocket, mode);
            Files.createLink(socket, tempSocket);
            Object fileKey = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new Bound(channel, fileKey);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            Files.deleteIfExists(tempSocket);
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Refuses a path the kernel cannot bind, in terms of the setting, before anything is created;
     * the JDK's own message ("Unix domain path too long") names neither the path nor the limit.
     */
    static void checkLength(Path socket) throws IOException {
        int bytes = bytes(socket);
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("control socket " + socket + " is " + bytes + " bytes long; a Unix domain socket"
                    + " path may have at most " + MAX_PATH_BYTES + ": set control.socket to a shorter path");
        }
    }

    /** The daemon binds first at a temporary name in the same directory, which must fit as well. */
    static void checkDirectoryLength(Path socket) throws IOException {
        Path dir = socket.getParent();
        int maxDirBytes = MAX_PATH_BYTES - TEMP_EXTRA_BYTES;
        if (bytes(dir) > maxDirBytes) {
            throw new IOException("control socket " + socket + ": its directory is " + bytes(dir) + " bytes long;"
                    + " hotcert binds the socket under a temporary name there first, which needs a directory of at most "
                    + maxDirBytes + " bytes: set control.socket to a shorter path");
        }
    }

    private static Path createPrivateDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String random = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
            Path dir = parent.resolve(".hc" + "0".repeat(5 - random.length()) + random);
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw new IOException(parent + ": cannot create a temporary directory to bind the control socket"
                            + " in: ten random names were taken, e.g. " + dir.getFileName(), e);
                }
            }
        }
    }

    private static AccessDeniedException accessDenied(Path socket) {
        String reason = "no permission to connect to the hotcert daemon's control socket";
        try {
            PosixFileAttributes file = Files.readAttributes(socket, PosixFileAttributes.class);
            reason += " (owner " + file.owner().getName() + ", group " + file.group().getName() + ", "
                    + PosixFilePermissions.toString(file.permissions()) + "); run as root or as a member of group "
                    + file.group().getName();
        } catch (IOException | RuntimeException e) {
            reason += "; run as root or as a member of the daemon's group";
        }
        return new AccessDeniedException(socket.toString(), null, reason);
    }

    private static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
