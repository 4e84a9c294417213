// The figures of runs as CSV text: per epoch, per interval, and one summary row per run.
// The columns are described where they are used: README.md ("The program") and docs/experiments.md.
#pragma once

#include <string>
#include <vector>

#include "run/training.hpp"

namespace nn {

// The CSV of one run's epochs, header "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy"
// (accuracies as fractions), the format of `mnist --csv`.
std::string epochs_csv(const std::vector<EpochRow>& rows);
// The CSV of one run's intervals: "samples,epoch,seconds,test_loss,test_accuracy".
std::string intervals_csv(const std::vector<IntervalRow>& rows);
// One row per run: "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss".
std::string summary_csv(const std::vector<RunResult>& runs);

}  // namespace nn
