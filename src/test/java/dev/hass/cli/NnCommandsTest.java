package dev.hass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** hass train / hass profile end to end on a tiny synthetic IDX dataset (fast; the real data is used elsewhere). */
class NnCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Images whose class is visible: a bright square at a class-dependent row. */
    static void writeSet(Path dir, String images, String labels, int n, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] px = new byte[n * 784], lab = new byte[n];
        for (int k = 0; k < n; k++) {
            int c = r.nextInt(10);
            lab[k] = (byte) c;
            for (int y = 2 * c + 2; y < 2 * c + 6; y++) for (int x = 4; x < 24; x++) px[k * 784 + y * 28 + x] = (byte) 200;
        }
        write(dir.resolve(images), 0x803, new int[]{n, 28, 28}, px);
        write(dir.resolve(labels), 0x801, new int[]{n}, lab);
    }

    static void write(Path p, int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        for (int x : dims) d.writeInt(x);
        d.write(payload);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(b.toByteArray());
        }
    }

    Path experiment(Path data) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(Path.of("experiments", "quickstart.json").toFile());
        ((ObjectNode) e.get("model")).put("checkpoint", tmp.resolve("ckpt").toString());
        ObjectNode ds = (ObjectNode) e.get("dataset");
        ds.put("path", data.toString());
        ds.put("calibrationImages", 40);
        ds.put("validationImages", 60);
        ds.put("testImages", 100);
        ((ObjectNode) e.get("training")).put("batchSize", 32);
        ((ObjectNode) e.get("oracle")).put("evaluationImages", 60);
        Path f = tmp.resolve("exp.json");
        JSON.writeValue(f.toFile(), e);
        return f;
    }

    @Test
    void trainThenProfileAndRefuseToOverwrite() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        writeSet(data, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 400, 1);
        writeSet(data, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 100, 2);
        Path exp = experiment(data);

        Result t = run("train", "--allow-outside", exp.toString(), "--epochs", "2");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("lenet5: test accuracy"), t.out());
        assertTrue(t.err().contains("epoch 2/2") && t.err().contains("ETA"), "progress bar on stderr: " + t.err());
        assertTrue(t.err().contains("epoch 1: test accuracy"), "a checkpoint after the first epoch: " + t.err());
        JsonNode meta = JSON.readTree(tmp.resolve("ckpt").resolve("metadata.json").toFile());
        assertEquals("lenet5", meta.get("architecture").asText());
        assertEquals(2, meta.get("epochs").asInt());

        Result again = run("train", "--allow-outside", exp.toString(), "--epochs", "1");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());

        Path th = tmp.resolve("th.json");
        Files.writeString(th, "{\"tw.conv2\": 0.05, \"ta.conv2\": 0.3, \"tw.fc1\": 0.02}");
        Result p = run("profile", exp.toString(), "--thresholds", th.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        JsonNode prof = JSON.readTree(p.out());
        JsonNode conv2 = prof.get("layers").get("conv2");
        assertEquals(6, conv2.get("histogram").size(), "C rows");
        assertEquals(26, conv2.get("histogram").get(0).size(), "K²+1 bins");
        assertTrue(conv2.get("weightSparsity").asDouble() > 0);
        assertTrue(prof.get("layers").get("fc1").get("histogram") == null);
        assertEquals(0.0, prof.get("layers").get("conv1").get("weightSparsity").asDouble(), 1e-9, "no threshold, no pruning");

        Result table = run("profile", exp.toString());
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("conv2") && table.out().contains("fc3"), table.out());

        Files.writeString(th, "{\"tw.conv9\": 0.05}");
        Result bad = run("profile", exp.toString(), "--thresholds", th.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("conv9") && bad.err().contains("th.json"), bad.err());
    }

    @Test
    void missingDatasetIsAUsageErrorNamingTheInstallCommand() throws IOException {
        Path exp = experiment(tmp.resolve("nowhere"));
        Result r = run("train", "--allow-outside", exp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist") && r.err().contains("nowhere"), r.err());
        Result p = run("profile", exp.toString());
        assertEquals(2, p.code());
        assertTrue(p.err().contains("no checkpoint") || p.err().contains("apt-get"), p.err());
    }
}
