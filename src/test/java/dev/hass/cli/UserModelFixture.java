package dev.hass.cli;

import dev.hass.export.ExportService;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ImageFolderFixture;
import dev.hass.nn.Images;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.OracleConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's network and images as a researcher brings them: a LeNet-5 trained here (one epoch on 3000 images) and
 * written as ONNX, and a real ImageFolder tree of Fashion-MNIST PNGs ({@code val/}, {@code calib/}, {@code test/}).
 *
 * @param model the ONNX file
 * @param data  the ImageFolder root
 */
record UserModelFixture(Path model, Path data) {

    static final String ORACLE = "{\"evaluationImages\":200}";

    /** Trains, exports and writes the images under {@code dir} (needs Fashion-MNIST installed). */
    static UserModelFixture make(Path dir) throws Exception {
        Path fm = FashionMnist.resolveDir(null);
        FashionMnist full = FashionMnist.load(fm);
        FashionMnist small = new FashionMnist(full.train().head(3000), full.test().head(500), full.fingerprint(), fm);
        Path ckpt = dir.resolve("lenet5");
        ModelTrainer.train(new TrainingConfig("lenet5", ckpt, fm, 1, 64, 3e-3, 0, 100, 200, false), small, TrainingProgress.NONE);
        Path model = dir.resolve("my-lenet.onnx");
        try (DjlAccuracyOracle o = DjlAccuracyOracle.open(new OracleConfig("lenet5", ckpt, fm, 100, 200, 0, 128, 1e-3), small)) {
            ExportService.writeDenseOnnx(o, model);
        }
        Path data = dir.resolve("images");
        Images test = ImageFolderFixture.fashionTest();
        ImageFolderFixture.write(test, 0, 200, data, "val");
        ImageFolderFixture.write(test, 200, 100, data, "calib");
        ImageFolderFixture.write(test, 300, 100, data, "test");
        return new UserModelFixture(model, data);
    }

    /** The {@code dataset} object of an experiment reading the ImageFolder tree. */
    String folder() {
        return "{\"format\":\"imagefolder\",\"path\":\"" + data + "\",\"calibrationImages\":100,\"validationImages\":200}";
    }

    /** An experiment {@code name}.json in {@code dir} with this model, a dataset object and an oracle object. */
    Path experiment(Path dir, String name, String dataset, String oracle) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, "{\"name\":\"" + name + "\",\"model\":{\"onnx\":\"" + model + "\"},"
                + "\"dataset\":" + dataset + ",\"hardware\":{\"platform\":\"u250\",\"resourceFraction\":0.02},"
                + "\"search\":{\"algorithm\":\"all\",\"populationSize\":4,\"evaluations\":8,\"seed\":1}"
                + ",\"oracle\":" + oracle + "}");
        return f;
    }
}
