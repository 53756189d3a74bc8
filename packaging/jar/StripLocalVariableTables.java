import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the shaded jar without the local variable tables of its classes, keeping everything
 * else, line numbers included. The launcher's class data sharing archive holds every class the
 * daemon loads, with these tables, and nearly all of the archive stays resident: about 0.6 MB of
 * an idle board's memory for names only a debugger shows. Classes under META-INF/versions are
 * for newer JVMs than the one a board runs and are copied as they are.
 *
 * <p>Run by the build after shading: {@code java -cp asm.jar StripLocalVariableTables.java JAR}.
 */
public final class StripLocalVariableTables {

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path stripped = jar.resolveSibling(jar.getFileName() + ".stripped");
        try (var in = new ZipInputStream(Files.newInputStream(jar));
                var out = new ZipOutputStream(Files.newOutputStream(stripped))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                boolean strip = entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/versions/");
                var copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(strip ? withoutLocalVariables(content) : content);
                out.closeEntry();
            }
        }
        Files.move(stripped, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] withoutLocalVariables(byte[] classFile) {
        var writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitLocalVariable(String variable, String variableDescriptor, String variableSignature,
                            Label start, Label end, int index) {
                        // dropped: this is the table the class is rewritten without
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
