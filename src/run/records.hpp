// The figures of runs as CSV text: per epoch, per interval, and one summary row per run.
// The columns are described where they are used: README.md ("The program") and docs/experiments.md.
#pragma once

#include <string>
#include <vector>

#include "run/training.hpp"

namespace nn {

// The CSV of one run's epochs, header "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy"
// (accuracies as fractions), the format of `mnist --csv`; with `validation`, the last two columns are
// validation_loss,validation_accuracy (the watched set, EpochRow::watched).
std::string epochs_csv(const std::vector<EpochRow>& rows, bool validation = false);
// The CSV of one run's intervals: "samples,epoch,seconds,test_loss,test_accuracy" (validation_... with
// `validation`).
std::string intervals_csv(const std::vector<IntervalRow>& rows, bool validation = false);
// One row per run: "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss";
// the test figures are RunResult::final_test (after the last epoch), the train figures the last epoch's.
std::string summary_csv(const std::vector<RunResult>& runs);

}  // namespace nn
