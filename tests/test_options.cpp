// Tests of nn::parse_options: the defaults, every option in both spellings, and one UsageError per
// kind of bad input, each naming the option and the value it rejects. The options: src/app/options.hpp.
#include <cstdint>
#include <string>
#include <vector>

#include "check.hpp"
#include "app/options.hpp"
#include "app/setup.hpp"

using nn::Activation;
using nn::Init;
using nn::Loss;
using nn::Options;
using nn::UsageError;
using Sizes = std::vector<std::size_t>;

namespace {

// parse_options on {"mnist", args...}, as main() would see them.
Options parse(const std::vector<std::string>& args) {
    std::vector<const char*> argv = {"mnist"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);  // argv[argc] is a null pointer, as in main()
    return nn::parse_options(static_cast<int>(args.size() + 1), argv.data());
}

// Runs parse(args) and expects a UsageError (not just any exception) whose message holds every
// part; the parts are the option's name and the rejected value.
void expect_usage_error(const char* file, int line, const std::vector<std::string>& args,
                        const std::vector<std::string>& parts) {
    std::string shown;
    for (const std::string& a : args) shown += " '" + a + "'";
    try {
        parse(args);
        check::fail(file, line, "expected a UsageError from mnist" + shown);
        return;
    } catch (const UsageError& e) {
        const std::string message = e.what();
        for (const std::string& part : parts)
            if (message.find(part) == std::string::npos) {
                check::fail(file, line, "message for mnist" + shown + " lacks '" + part + "': " + message);
                return;
            }
        if (message.find('\n') != std::string::npos) {
            check::fail(file, line, "message for mnist" + shown + " is not one line: " + message);
            return;
        }
        ++check::passes();
    } catch (const std::exception& e) {
        check::fail(file, line, "expected a UsageError from mnist" + shown + ", got another exception: " + e.what());
    }
}
// Usage: CHECK_USAGE_ERROR({args...}, {parts...}). Variadic because braces do not group macro arguments.
#define CHECK_USAGE_ERROR(...) expect_usage_error(__FILE__, __LINE__, __VA_ARGS__)

void test_defaults() {
    const Options o = parse({});
    CHECK_EQ(o.data_dir, std::string("data"));
    CHECK(o.layers == (Sizes{784, 300, 10}));
    CHECK(o.activation == Activation::ReLU);
    CHECK(o.loss == Loss::CrossEntropy);
    CHECK(o.init == Init::He);  // He for ReLU
    CHECK(!o.init_given);
    CHECK_EQ(o.batch_size, std::size_t{64});
    CHECK_EQ(o.eta, 0.1);
    CHECK_EQ(o.epochs, std::size_t{20});
    CHECK_EQ(o.seed, std::uint64_t{1});
    CHECK_EQ(o.threads, 0);
    CHECK_EQ(o.train_limit, std::size_t{0});
    CHECK_EQ(o.test_limit, std::size_t{0});
    CHECK(o.csv_path.empty());
    CHECK(!o.help);
}

// Without --init the hidden initialisation follows the activation (docs: He for ReLU, Xavier for
// sigmoid); with --init it is what was asked, whatever the activation and in either order.
void test_init_follows_activation() {
    CHECK(parse({"--activation", "sigmoid"}).init == Init::Xavier);
    CHECK(parse({"--activation", "relu"}).init == Init::He);
    CHECK(parse({"--activation", "sigmoid", "--init", "he"}).init == Init::He);
    CHECK(parse({"--init", "he", "--activation", "sigmoid"}).init == Init::He);
    CHECK(parse({"--init=xavier", "--activation=relu"}).init == Init::Xavier);
    CHECK(parse({"--init", "he"}).init_given);
}

// The knobs of the sources: per-layer rules, scales, biases, pixels, walk and perceptron rule
// (docs/08-initialisation.md#per-layer-rules, docs/14-reproducing-the-sources.md).
void test_source_knobs() {
    const Options none = parse({});
    CHECK(none.layer_init.empty());  // the default rules: the default run draws as it always has
    CHECK(none.pixels == nn::Pixels::Unit && !none.no_shuffle && !none.drop_remainder);
    CHECK(none.bias_init == nn::BiasInit::Zero);
    // Source 01: He for W1, N(0, 6/310) for W2.
    const Options s01 = parse({"--init", "he,normal", "--init-scale", "1,0.139"});
    CHECK_EQ(s01.layer_init.size(), std::size_t{2});
    CHECK(s01.layer_init[0].rule == Init::He && s01.layer_init[1].rule == Init::Normal);
    CHECK_EQ(s01.layer_init[0].scale, 1.0);
    CHECK_EQ(s01.layer_init[1].scale, 0.139);
    // A single rule names the hidden layers; the output keeps xavier at gain 1 ...
    const Options one = parse({"--init", "normal", "--init-scale", "0.5", "--layers", "784,30,20,10"});
    CHECK_EQ(one.layer_init.size(), std::size_t{3});
    CHECK(one.layer_init[0].rule == Init::Normal && one.layer_init[1].rule == Init::Normal);
    CHECK(one.layer_init[2].rule == Init::Xavier);
    CHECK_EQ(one.layer_init[1].scale, 0.5);
    CHECK_EQ(one.layer_init[2].scale, 1.0);
    // ... unless the network has one layer: then the single rule is the list of one (source 05).
    const Options s05 = parse({"--layers", "784,10", "--init", "uniform", "--init-scale", "0.1", "--init-bias",
                               "weights", "--loss", "perceptron", "--perceptron-rule", "source", "--batch", "1",
                               "--no-shuffle"});
    CHECK_EQ(s05.layer_init.size(), std::size_t{1});
    CHECK(s05.layer_init[0].rule == Init::Uniform);
    CHECK_EQ(s05.layer_init[0].scale, 0.1);
    CHECK(s05.bias_init == nn::BiasInit::LikeWeights);
    CHECK(s05.loss == Loss::Perceptron && s05.perceptron_rule == nn::PerceptronRule::Source);
    CHECK(s05.no_shuffle);
    // Source 03: raw pixels, remainder dropped.
    const Options s03 = parse({"--pixels=raw", "--drop-remainder"});
    CHECK(s03.pixels == nn::Pixels::Raw && s03.drop_remainder);
    // The gain of he with --init-scale alone.
    const Options gain = parse({"--init-scale", "2"});
    CHECK(gain.layer_init[0].rule == Init::He && gain.layer_init[0].scale == 2.0);
    CHECK(gain.layer_init[1].rule == Init::Xavier && gain.layer_init[1].scale == 1.0);
    CHECK_USAGE_ERROR({"--init", "he,"}, {"--init", "'he,'"});
    CHECK_USAGE_ERROR({"--init", "he,xavier", "--layers", "784,10"}, {"--init", "1 rule or 1", "2 rules"});
    CHECK_USAGE_ERROR({"--init-scale", "-1"}, {"--init-scale", "'-1'"});
    CHECK_USAGE_ERROR({"--init-scale", "inf"}, {"--init-scale", "'inf'"});
    CHECK_USAGE_ERROR({"--pixels", "Raw"}, {"--pixels", "'Raw'"});
    CHECK_USAGE_ERROR({"--no-shuffle=1"}, {"--no-shuffle", "'1'"});
    CHECK_USAGE_ERROR({"--perceptron-rule", "source", "--loss", "mse"}, {"--perceptron-rule", "--loss mse"});
}

// Every option, in both the "--x v" and the "--x=v" spelling, must give the same Options.
void test_each_option_both_forms() {
    struct Case {
        std::string name, value;
    };
    const Case cases[] = {{"--data", "/tmp/some dir"}, {"--hidden", "16"},       {"--layers", "784,128,64,10"},
                          {"--activation", "sigmoid"},  {"--loss", "mse"},        {"--init", "xavier"},
                          {"--batch", "1"},             {"--lr", "0.25"},          {"--epochs", "3"},
                          {"--seed", "42"},             {"--threads", "2"},        {"--train-limit", "1000"},
                          {"--test-limit", "500"},      {"--csv", "out.csv"}};
    for (const Case& c : cases) {
        const Options spaced = parse({c.name, c.value});
        const Options joined = parse({c.name + "=" + c.value});
        CHECK(spaced.data_dir == joined.data_dir && spaced.layers == joined.layers &&
              spaced.activation == joined.activation && spaced.loss == joined.loss && spaced.init == joined.init &&
              spaced.init_given == joined.init_given && spaced.batch_size == joined.batch_size &&
              spaced.eta == joined.eta && spaced.epochs == joined.epochs && spaced.seed == joined.seed &&
              spaced.threads == joined.threads && spaced.train_limit == joined.train_limit &&
              spaced.test_limit == joined.test_limit && spaced.csv_path == joined.csv_path);
    }

    // And each one lands in its field (the spaced form; the joined one equals it, see above).
    CHECK_EQ(parse({"--data", "/tmp/some dir"}).data_dir, std::string("/tmp/some dir"));
    CHECK(parse({"--hidden", "16"}).layers == (Sizes{784, 16, 10}));
    CHECK(parse({"--hidden=16"}).layers == (Sizes{784, 16, 10}));
    CHECK(parse({"--layers", "784,128,64,10"}).layers == (Sizes{784, 128, 64, 10}));
    CHECK(parse({"--layers=784,10"}).layers == (Sizes{784, 10}));
    CHECK(parse({"--activation", "sigmoid"}).activation == Activation::Sigmoid);
    CHECK(parse({"--activation=relu"}).activation == Activation::ReLU);
    CHECK(parse({"--loss", "mse"}).loss == Loss::SquaredError);
    CHECK(parse({"--loss=cross-entropy"}).loss == Loss::CrossEntropy);
    CHECK(parse({"--init", "xavier"}).init == Init::Xavier);
    CHECK_EQ(parse({"--batch", "1"}).batch_size, std::size_t{1});
    CHECK_EQ(parse({"--batch=128"}).batch_size, std::size_t{128});
    CHECK_EQ(parse({"--lr", "0.25"}).eta, 0.25);
    CHECK_EQ(parse({"--lr=1e-3"}).eta, 1e-3);
    CHECK_EQ(parse({"--epochs", "3"}).epochs, std::size_t{3});
    CHECK_EQ(parse({"--seed", "42"}).seed, std::uint64_t{42});
    CHECK_EQ(parse({"--seed=0"}).seed, std::uint64_t{0});  // 0 is a seed like any other
    CHECK_EQ(parse({"--seed", "18446744073709551615"}).seed, UINT64_MAX);
    CHECK_EQ(parse({"--threads", "2"}).threads, 2);
    CHECK_EQ(parse({"--train-limit", "1000"}).train_limit, std::size_t{1000});
    CHECK_EQ(parse({"--test-limit", "500"}).test_limit, std::size_t{500});
    CHECK_EQ(parse({"--csv", "out.csv"}).csv_path, std::string("out.csv"));
    CHECK_EQ(parse({}).eval_every, std::size_t{0});
    CHECK_EQ(parse({"--eval-every", "10000"}).eval_every, std::size_t{10000});
    CHECK_EQ(parse({"--eval-every=0"}).eval_every, std::size_t{0});
    CHECK_USAGE_ERROR({"--eval-every", "-5"}, {"--eval-every", "'-5'"});
    CHECK_USAGE_ERROR({"--eval-every", "ten"}, {"--eval-every", "'ten'"});
    CHECK(parse({"--help"}).help);
    CHECK(parse({"-h"}).help);
    CHECK(parse({"--epochs", "5", "--help"}).help);
}

// Several options together, and the last of a repeated option wins.
void test_combinations() {
    const Options o = parse({"--activation", "sigmoid", "--hidden=64", "--batch", "1", "--lr", "0.01",
                             "--epochs=1", "--seed", "7", "--data", "mnist-data"});
    CHECK(o.activation == Activation::Sigmoid);
    CHECK(o.init == Init::Xavier);
    CHECK(o.layers == (Sizes{784, 64, 10}));
    CHECK_EQ(o.batch_size, std::size_t{1});
    CHECK_EQ(o.eta, 0.01);
    CHECK_EQ(o.epochs, std::size_t{1});
    CHECK_EQ(o.seed, std::uint64_t{7});
    CHECK_EQ(o.data_dir, std::string("mnist-data"));

    CHECK_EQ(parse({"--batch", "8", "--batch", "16"}).batch_size, std::size_t{16});
    CHECK(parse({"--hidden", "8", "--hidden", "32"}).layers == (Sizes{784, 32, 10}));
    // A value may itself contain '=': only the first one splits name from value.
    CHECK_EQ(parse({"--csv=a=b.csv"}).csv_path, std::string("a=b.csv"));
}

// The options past plain SGD (docs/15-momentum.md to docs/20-early-stopping.md): the defaults keep
// plain SGD at a constant rate, each value lands in its field, and run_config passes them on to the
// run of ./mnist, compare and sweep.
void test_past_sgd_options() {
    const Options d = parse({});
    CHECK(d.optimizer.method == nn::Method::SGD);
    CHECK(nn::is_plain_sgd(d.optimizer));
    CHECK_EQ(d.dropout, 0.0);
    CHECK(d.schedule.kind == nn::Schedule::Kind::Constant);
    CHECK_EQ(d.early_stop, std::size_t{0});
    CHECK(nn::is_plain_run(nn::run_config(d)));

    CHECK(parse({"--optimizer", "nesterov"}).optimizer.method == nn::Method::Nesterov);
    CHECK_EQ(parse({"--optimizer=momentum", "--momentum", "0.5"}).optimizer.momentum, 0.5);
    const Options adam = parse({"--optimizer", "adam", "--beta1", "0.8", "--beta2=0.99", "--epsilon", "1e-6"});
    CHECK(adam.optimizer.method == nn::Method::Adam);
    CHECK_EQ(adam.optimizer.beta1, 0.8);
    CHECK_EQ(adam.optimizer.beta2, 0.99);
    CHECK_EQ(adam.optimizer.epsilon, 1e-6);
    CHECK_EQ(parse({"--weight-decay", "5e-4"}).optimizer.weight_decay, 5e-4);
    CHECK_EQ(parse({"--weight-decay", "0"}).optimizer.weight_decay, 0.0);
    CHECK_EQ(parse({"--weight-decay=0.0"}).optimizer.weight_decay, 0.0);  // any spelling of zero: off
    CHECK_EQ(parse({"--dropout", "0.25"}).dropout, 0.25);
    CHECK(parse({"--schedule", "cosine"}).schedule.kind == nn::Schedule::Kind::Cosine);
    const nn::Schedule step = parse({"--schedule=step:10:0.5"}).schedule;
    CHECK(step.kind == nn::Schedule::Kind::Step);
    CHECK_EQ(step.every, std::size_t{10});
    CHECK_EQ(step.factor, 0.5);
    CHECK_EQ(parse({"--validation", "100", "--early-stop", "3"}).early_stop, std::size_t{3});

    const Options all = parse({"--optimizer", "adam", "--weight-decay", "0.001", "--dropout", "0.5", "--schedule",
                               "cosine", "--validation", "100", "--early-stop", "2"});
    const nn::RunConfig c = nn::run_config(all);
    CHECK(c.optimizer.method == nn::Method::Adam);
    CHECK_EQ(c.optimizer.weight_decay, 0.001);
    CHECK_EQ(c.dropout, 0.5);
    CHECK(c.schedule.kind == nn::Schedule::Kind::Cosine);
    CHECK_EQ(c.early_stop, std::size_t{2});
    CHECK(!nn::is_plain_run(c));
    CHECK_USAGE_ERROR({"--weight-decay", "-0.1"}, {"--weight-decay", "'-0.1'"});
    CHECK_USAGE_ERROR({"--dropout", "0.99999999999999999"}, {"--dropout", "'0.99999999999999999'"});  // rounds to 1
}

void test_bad_values() {
    // Names the option and the value, for every kind of mistake.
    CHECK_USAGE_ERROR({"--bogus", "1"}, {"--bogus"});
    CHECK_USAGE_ERROR({"--bogus=1"}, {"--bogus"});
    CHECK_USAGE_ERROR({"--Batch", "1"}, {"--Batch"});  // names are case-sensitive
    CHECK_USAGE_ERROR({"--batch"}, {"--batch", "value"});  // missing value at the end
    CHECK_USAGE_ERROR({"--epochs", "2", "--lr"}, {"--lr", "value"});
    CHECK_USAGE_ERROR({"--csv", "--epochs", "2"}, {"--csv", "'--epochs'"});  // the file name was forgotten
    CHECK_USAGE_ERROR({"--data", "--hidden", "8"}, {"--data", "'--hidden'"});
    CHECK(parse({"--csv=--odd-name.csv"}).csv_path == "--odd-name.csv");  // still possible with '='
    CHECK_USAGE_ERROR({"--batch", "0"}, {"--batch", "'0'"});
    CHECK_USAGE_ERROR({"--batch=0"}, {"--batch", "'0'"});
    CHECK_USAGE_ERROR({"--batch", "-5"}, {"--batch", "'-5'"});
    CHECK_USAGE_ERROR({"--batch", "12abc"}, {"--batch", "'12abc'"});
    CHECK_USAGE_ERROR({"--batch", "+12"}, {"--batch", "'+12'"});
    CHECK_USAGE_ERROR({"--batch", " 12"}, {"--batch", "' 12'"});
    CHECK_USAGE_ERROR({"--batch", "1.5"}, {"--batch", "'1.5'"});
    CHECK_USAGE_ERROR({"--batch", ""}, {"--batch", "''"});
    CHECK_USAGE_ERROR({"--batch="}, {"--batch", "''"});
    CHECK_USAGE_ERROR({"--epochs", "0"}, {"--epochs", "'0'"});
    CHECK_USAGE_ERROR({"--epochs", "two"}, {"--epochs", "'two'"});
    CHECK_USAGE_ERROR({"--lr", "0"}, {"--lr", "'0'"});
    CHECK_USAGE_ERROR({"--lr", "-1"}, {"--lr", "'-1'"});
    CHECK_USAGE_ERROR({"--lr", "abc"}, {"--lr", "'abc'"});
    CHECK_USAGE_ERROR({"--lr", "0.1x"}, {"--lr", "'0.1x'"});
    CHECK_USAGE_ERROR({"--lr", "nan"}, {"--lr", "'nan'"});
    CHECK_USAGE_ERROR({"--lr", "inf"}, {"--lr", "'inf'"});
    CHECK_USAGE_ERROR({"--lr", "1e999"}, {"--lr", "'1e999'"});
    CHECK_USAGE_ERROR({"--lr", ""}, {"--lr", "''"});
    CHECK_USAGE_ERROR({"--threads", "0"}, {"--threads", "'0'"});
    CHECK_USAGE_ERROR({"--threads", "-1"}, {"--threads", "'-1'"});
    CHECK_USAGE_ERROR({"--hidden", "0"}, {"--hidden", "'0'"});
    CHECK_USAGE_ERROR({"--train-limit", "0"}, {"--train-limit", "'0'"});
    CHECK_USAGE_ERROR({"--test-limit", "0"}, {"--test-limit", "'0'"});
    CHECK_USAGE_ERROR({"--seed", "-1"}, {"--seed", "'-1'"});
    CHECK_USAGE_ERROR({"--layers", "784"}, {"--layers", "'784'"});
    CHECK_USAGE_ERROR({"--layers", "784,,10"}, {"--layers"});
    CHECK_USAGE_ERROR({"--layers", "784,300,10,"}, {"--layers", "'784,300,10,'"});
    CHECK_USAGE_ERROR({"--layers", ",784,10"}, {"--layers"});
    CHECK_USAGE_ERROR({"--layers", "784,0,10"}, {"--layers", "'0'"});
    CHECK_USAGE_ERROR({"--layers", "784;300;10"}, {"--layers", "784;300;10"});
    CHECK_USAGE_ERROR({"--layers", ""}, {"--layers", "''"});
    CHECK_USAGE_ERROR({"--activation", "tanh"}, {"--activation", "'tanh'"});
    CHECK_USAGE_ERROR({"--activation", "ReLU"}, {"--activation", "'ReLU'"});
    CHECK_USAGE_ERROR({"--loss", "hinge"}, {"--loss", "'hinge'"});
    CHECK_USAGE_ERROR({"--init", "zero"}, {"--init", "'zero'"});
    CHECK_USAGE_ERROR({"--data", ""}, {"--data", "''"});
    CHECK_USAGE_ERROR({"--csv="}, {"--csv", "''"});
    CHECK_USAGE_ERROR({"--hidden", "16", "--layers", "784,16,10"}, {"--hidden", "--layers"});
    CHECK_USAGE_ERROR({"--layers=784,16,10", "--hidden=16"}, {"--hidden", "--layers"});
    CHECK_USAGE_ERROR({"train"}, {"'train'"});  // a stray positional argument
    CHECK_USAGE_ERROR({"--epochs", "2", "extra"}, {"'extra'"});
    CHECK_USAGE_ERROR({"-x"}, {"'-x'"});
    // Larger than any 64-bit integer: rejected, not wrapped or saturated.
    const std::string huge = "99999999999999999999999";
    CHECK_USAGE_ERROR({"--batch", huge}, {"--batch", "'" + huge + "'"});
    CHECK_USAGE_ERROR({"--seed", huge}, {"--seed", "'" + huge + "'"});
    CHECK_USAGE_ERROR({"--epochs", huge}, {"--epochs", "'" + huge + "'"});
    CHECK_USAGE_ERROR({"--threads", huge}, {"--threads", "'" + huge + "'"});
    CHECK_USAGE_ERROR({"--hidden", huge}, {"--hidden", "'" + huge + "'"});
    CHECK_USAGE_ERROR({"--layers", "784," + huge + ",10"}, {"--layers", huge});
    // Fits in 64 bits but is above the option's own limit.
    CHECK_USAGE_ERROR({"--threads", "100000"}, {"--threads", "'100000'"});
    CHECK_USAGE_ERROR({"--hidden", "4294967297"}, {"--hidden", "'4294967297'"});
}

}  // namespace

int main() {
    test_defaults();
    test_init_follows_activation();
    test_source_knobs();
    test_each_option_both_forms();
    test_combinations();
    test_past_sgd_options();
    test_bad_values();
    return check::report("test_options");
}
