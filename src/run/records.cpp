// CSV text of runs. One line per row, fixed decimals, so that files diff cleanly between runs.
// The figures themselves: docs/07-sgd.md#what-an-epoch-reports.
#include "run/records.hpp"

#include <cstdio>
#include <string>

namespace nn {

std::string epochs_csv(const std::vector<EpochRow>& rows, bool validation) {
    std::string text = std::string("epoch,seconds,train_loss,train_accuracy,") +
                       (validation ? "validation_loss,validation_accuracy\n" : "test_loss,test_accuracy\n");
    char line[256];
    for (const EpochRow& r : rows) {
        std::snprintf(line, sizeof line, "%zu,%.3f,%.6f,%.6f,%.6f,%.6f\n", r.epoch, r.seconds, r.train.loss,
                      r.train.accuracy, r.watched().loss, r.watched().accuracy);
        text += line;
    }
    return text;
}

std::string intervals_csv(const std::vector<IntervalRow>& rows, bool validation) {
    std::string text = std::string("samples,epoch,seconds,") +
                       (validation ? "validation_loss,validation_accuracy\n" : "test_loss,test_accuracy\n");
    char line[256];
    for (const IntervalRow& r : rows) {
        std::snprintf(line, sizeof line, "%zu,%.4f,%.3f,%.6f,%.6f\n", r.samples, r.epoch, r.seconds, r.watched().loss,
                      r.watched().accuracy);
        text += line;
    }
    return text;
}

std::string summary_csv(const std::vector<RunResult>& runs) {
    std::string text = "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss\n";
    char line[512];
    for (const RunResult& r : runs) {
        if (r.epochs.empty()) continue;
        const EpochRow& last = r.epochs.back();
        const Evaluation& test = r.final_test.count ? r.final_test : last.test;  // a hand-made result: no final_test
        const std::string hidden = hidden_sizes_text(r.config.layers);
        std::snprintf(line, sizeof line, "%s,%s,%zu,%g,%s,%zu,%.3f,%.6f,%.6f,%.6f,%.6f\n", r.config.label.c_str(),
                      name(r.config.activation), r.config.batch_size, r.config.eta, hidden.c_str(), last.epoch,
                      r.training_seconds, test.accuracy, test.loss, last.train.accuracy, last.train.loss);
        text += line;
    }
    return text;
}

}  // namespace nn
